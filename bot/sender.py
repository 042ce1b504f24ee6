"""The message's sender: one kept statement (bot/kept_sql.py), objects built as the ORM builds them.

    user = read_sender(session, openid, with_dialog=True)   # None: no row (or not this way)

Every message starts by reading its sender: the user row, their roles (LEFT OUTER JOIN: every
handler's filter reads them), their context items and, with the dialog kept in the database,
their dialog row. Issue 17: SQLAlchemy's ORM execution of that statement (its ORM compile
state, loading context, row processors and identity-map bookkeeping) was the largest piece of
SQLAlchemy left per message. Here the same statement runs on the DBAPI cursor, each value
through its column's result processor, and the User and its UserRole objects are built the
way the ORM's loader builds them: the column values put in the instance's dict, then made
persistent in the session (`make_transient_to_detached`: loaded, committed, no history; then
`Session.add`: in the identity map), the roles as the user's loaded `roles` collection. A
handler gets what `select(User).options(joinedload(User.roles))` gives: changes flush,
`user.village` lazy-loads, a role's `user` is the same object from the identity map.

Only into a session holding nothing yet (the webhook's handler session): where objects or
pending changes are there, the caller's ORM query runs instead (its autoflush and identity
map decide, as before).
"""
from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, configure_mappers, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from . import context
from .dialog import DIALOG_COLUMNS, note_dialog_row
from .kept_sql import KeptSql
from .models import DialogState, User, UserContext
from .models import UserRole

_USERS, _ROLES = User.__table__, UserRole.__table__
_CONTEXTS, _DIALOGS = UserContext.__table__, DialogState.__table__
# Attribute names of the columns, in the statement's order.
_USER_KEYS = tuple(User.__mapper__.get_property_by_column(c).key for c in _USERS.c)
_ROLE_KEYS = tuple(UserRole.__mapper__.get_property_by_column(c).key for c in _ROLES.c)
_N_USER, _N_ROLE = len(_USER_KEYS), len(_ROLE_KEYS)
_ROLE_ID = _N_USER + tuple(_ROLES.c).index(_ROLES.c.id)


def _statement(with_dialog: bool):
    """The ORM sender query's joins and columns (users, user_contexts, dialog_states, user_roles)."""
    columns = [*_USERS.c, _CONTEXTS.c["items"]]
    joined = _USERS.outerjoin(_CONTEXTS, _CONTEXTS.c.openid == _USERS.c.openid)
    if with_dialog:
        columns += DIALOG_COLUMNS
        joined = joined.outerjoin(_DIALOGS, _DIALOGS.c.openid == _USERS.c.openid)
    joined = joined.outerjoin(_ROLES, _ROLES.c.user_id == _USERS.c.id)
    # Roles last, so that each row reads users…, roles…, items, [dialog…] by position below.
    columns = [*_USERS.c, *_ROLES.c, *columns[_N_USER:]]
    return select(*columns).select_from(joined).where(_USERS.c.openid == bindparam("openid"))


_SENDER = {with_dialog: KeptSql(lambda _insert, w=with_dialog: _statement(w), ("openid",))
           for with_dialog in (False, True)}


# The objects below are built without an ORM query, which is what configures the mappers: a
# worker not preloaded (bot/preload.py configures them before the fork) whose first message came
# from a known villager failed in `make_transient_to_detached` (attributes without their impl).
_mappers_ready = False


def _configure() -> None:
    global _mappers_ready
    configure_mappers()  # idempotent, and cheap once done
    _mappers_ready = True


def _loaded(cls, keys: tuple[str, ...], values) -> object:
    """An instance as the ORM's loader leaves it: values in its dict, loaded and committed."""
    obj = cls.__mapper__.class_manager.new_instance()
    obj.__dict__.update(zip(keys, values))
    make_transient_to_detached(obj)
    return obj


def read_sender(session: Session, openid: str, with_dialog: bool) -> User | None:
    """The sender with their roles, persistent in `session`, their context items and dialog
    row noted for this transaction; None when they have no row yet or `session` already
    holds objects or changes (the caller's ORM query decides then)."""
    if session.identity_map or session.new or session.dirty or session.deleted:
        return None
    if not _mappers_ready:
        _configure()
    rows = _SENDER[with_dialog].rows(session.connection(), {"openid": openid})
    if not rows:
        return None
    first = rows[0]
    user = _loaded(User, _USER_KEYS, first[:_N_USER])
    roles = [_loaded(UserRole, _ROLE_KEYS, row[_N_USER:_N_USER + _N_ROLE])
             for row in rows if row[_ROLE_ID] is not None]
    set_committed_value(user, "roles", roles)
    session.add(user)  # cascades to the roles: all persistent, none changed
    rest = first[_N_USER + _N_ROLE:]
    context.note_items(session, openid, rest[0])
    if with_dialog:
        note_dialog_row(session, openid, *rest[1:5])
    return user
