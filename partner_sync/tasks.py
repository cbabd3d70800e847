from django_tasks import task

from partner_sync import delivery


@task()
def deliver_webhook(delivery_pk, attempts=None):
    """One attempt of one delivery; ``attempts`` is how many were made when it was queued."""
    result = delivery.attempt(delivery_pk, attempts)
    return result.status if result else "skipped"
