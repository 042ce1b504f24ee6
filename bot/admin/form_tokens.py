"""Create forms that cannot make two: each served form carries a one-time token (`form_token`).

    <input type="hidden" name="form_token" value="{{ form_token() }}">     # in the template
    done = form_tokens.claim(s)            # in the POST, in the request's transaction
    if done is not None: return redirect(done)     # a second post of the same form
    ... create the object, push ...
    form_tokens.finish(s, url_of_the_object)

The claim is an insert-or-ignore on the token in the same transaction as the object: of two
posts at once one inserts and creates, the other (on PostgreSQL it waits for the first's
commit) finds the token taken and is sent to what the first made. One object, one push.
"""
from __future__ import annotations

import secrets

from flask import flash, g, redirect, request, url_for
from werkzeug.wrappers import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import FormToken
from bot.sqlutil import insert_or_ignore

FIELD = "form_token"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def claim(session: Session) -> str | None:
    """None: the form's first post (go on and create); else where the first post's object is.

    A post without a token (an old page, a script) is not protected and goes on."""
    token = (request.form.get(FIELD) or "")[:64]
    if not token:
        return None
    scope = getattr(g, "scope", None)
    if insert_or_ignore(session, FormToken, {"token": token, "account_id": scope.account_id if scope else None,
                                             "result_url": ""}, ["token"]):
        g.form_token = token
        return None
    done = session.scalar(select(FormToken.result_url).where(FormToken.token == token))
    return done or url_for("admin.today")


def repeat(session: Session) -> Response | None:
    """`claim`, as the views use it: None on the first post, else the redirect for a second one."""
    done = claim(session)
    if done is None:
        return None
    flash("这张表已经提交过了，没有再做一次。", "ok")
    return redirect(done)


def finish(session: Session, result_url: str) -> None:
    """Note where the object made by this form is, for a second post of it."""
    token = getattr(g, "form_token", None)
    if token:
        row = session.get(FormToken, token)
        if row is not None:
            row.result_url = result_url[:300]
