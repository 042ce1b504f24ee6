"""One module per board of the admin page; each adds its routes to `bot.admin.blueprint.bp`."""
