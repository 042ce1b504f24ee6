"""The outbox: every push is a row with a unique business key; dispatchers claim, send, retry.

    enqueue(session, business_key="errand:12:offer:<openid>", openid=..., kind="errand",
            text="...", template_data={...}, url=None) -> bool

Insert-or-ignore on the business key: enqueueing the same business event twice gives one row.
Dispatching (`flask outbox dispatch`, or the scheduler's job) claims due rows under a lease
(claim.py), sends each as a customer-service text or a template message (send.py), and
retries transient failures with capped backoff or marks the row dead with its reason
(policy.py, dispatch.py).
"""
from .dispatch import DispatchReport, dispatch_job, dispatch_once, run_dispatcher  # noqa: F401
from .enqueue import enqueue  # noqa: F401
from .policy import OutboxSettings  # noqa: F401
