"""The outbox: every push is a row with a unique business key; dispatchers claim, send, retry.

    enqueue(session, business_key="errand:12:offer:<openid>", openid=..., kind="errand",
            text="...", template_data={...}, url=None) -> bool

Insert-or-ignore on the business key: enqueueing the same business event twice gives one row.
Dispatching (`flask outbox dispatch`, or the scheduler's job) claims due rows under a lease
(claim.py), sends each as a customer-service text or a template message (send.py), and
retries transient failures with capped backoff or marks the row dead with its reason
(policy.py, dispatch.py). The webhook records template receipts with
`record_template_delivery(session, msgid, status)` (delivery.py).
"""
from .delivery import record_template_delivery
from .dispatch import DispatchReport, dispatch_job, dispatch_once, run_dispatcher
from .enqueue import enqueue
from .policy import OutboxSettings

__all__ = ["enqueue", "dispatch_once", "run_dispatcher", "dispatch_job", "DispatchReport", "OutboxSettings",
           "record_template_delivery"]
