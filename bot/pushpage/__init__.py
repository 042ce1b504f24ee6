"""A detail page for every push (`/m/<token>`): the full text, the item's state, how to reply.

Template messages show a few 20-character fields; their link leads here. The link is signed
with SECRET_KEY and expires (PUSH_LINK_DAYS); it names one outbox row and shows only that push,
which was addressed to its receiver. With PUSH_PAGE_OAUTH on, the page first asks WeChat who
reads it (snsapi_base) and shows nothing to anyone else.

    links.link_for(config, message)   # the URL for an outbox row (the dispatcher's `linker`)
    page.init_app(app)                # the route
"""
from .links import link_for, make_linker, read_token

__all__ = ["link_for", "make_linker", "read_token"]
