"""Periodic work of moderation, run by the publishing scheduler (``run_worker``)."""

from publishing.scheduler import periodic


@periodic
def erase_expired_personal_data():
    """Contact data of submissions past their form's retention period are erased (PIPL)."""
    from moderation.services import erase_expired

    erase_expired()
