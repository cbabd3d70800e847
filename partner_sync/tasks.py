from django_tasks import task

from partner_sync import delivery


@task()
def deliver_webhook(delivery_pk):
    result = delivery.attempt(delivery_pk)
    return result.status if result else "skipped"
