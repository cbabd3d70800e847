"""Abuse handling without an outside service: rate limits, a honeypot, a minimum time, duplicates.

* Rate limits (Django's cache, shared when REDIS_URL is set): every POST counts
  against the client address (``operations.throttle.client_ip``, which honours
  ``NUM_PROXIES``), and every accepted submission against its contact's keyed
  digest. Fixed windows; the limits are settings.
* The honeypot is a text field hidden from people (CSS and ``aria-hidden``);
  bots that fill every field are refused.
* The form carries a signed timestamp (``TimestampSigner``) made when it was
  shown: a submission sooner than ``PARTICIPATION_MIN_SECONDS`` after it, or
  with a token older than ``PARTICIPATION_TOKEN_MAX_AGE``, or forged, is refused.
* Duplicates are looked up by the contact's digest (``Submission.contact_digest``).
"""

import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from operations.throttle import client_ip

SALT = "participation.started"


def setting(name, default):
    return getattr(settings, name, default)


def start_token(form_id):
    return signing.TimestampSigner(salt=SALT).sign(str(form_id))


def token_problem(token, form_id):
    """None when the token is genuine, for this form and old enough; else a Chinese error message."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        value = signer.unsign(token or "", max_age=setting("PARTICIPATION_TOKEN_MAX_AGE", 24 * 3600))
    except signing.SignatureExpired:
        return "页面打开时间过长，请检查填写内容后重新提交。"
    except signing.BadSignature:
        return "表单已失效，请刷新页面后重新填写。"
    if value != str(form_id):
        return "表单已失效，请刷新页面后重新填写。"
    issued = signing.b62_decode(token.split(signer.sep)[-2])  # value:timestamp:signature, checked above
    if time.time() - issued < setting("PARTICIPATION_MIN_SECONDS", 3):
        return "提交太快了，请确认填写内容后再提交。"
    return None


def _hit(key, limit, window):
    """Count one hit in the current window; True when the limit is exceeded."""
    bucket = f"participation:rate:{key}:{int(time.time() // window)}"
    cache.add(bucket, 0, timeout=window + 5)
    try:
        count = cache.incr(bucket)
    except ValueError:  # evicted between add and incr
        cache.set(bucket, 1, timeout=window + 5)
        count = 1
    return count > limit


def address_limited(request):
    limit, window = setting("PARTICIPATION_RATE_PER_ADDRESS", (5, 60))
    return _hit(f"ip:{client_ip(request)}", limit, window)


def contact_limited(contact_digest):
    limit, window = setting("PARTICIPATION_RATE_PER_CONTACT", (3, 3600))
    return _hit(f"contact:{contact_digest}", limit, window)


RATE_MESSAGE = "提交过于频繁，请稍后再试。"
HONEYPOT_MESSAGE = "提交未通过检查，请刷新页面后重新填写。"
