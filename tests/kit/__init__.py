"""The test kit: what tests build their world and talk to the bot with. Test files stay flat in
tests/; everything they share lives here, each module with one job.

Fixtures (tests/kit/fixtures.py and fakewechat.py are pytest plugins, registered in
tests/conftest.py, so every test module has their fixtures without importing them):
    fixtures     area, county (which one by `pytest.mark.county(kind, accounts=...)`), world, cadre,
                 kit, wechat_chat, router, host_guard, drained, wechat_client, outbox_settings
    fakewechat   the fake WeChat API on a loopback port: fake_wechat, fake_wechat_config,
                 wechat_app_config (and FakeWeChat, the handle on it)
    tests/conftest.py keeps the base ones: app_config (more settings by
                 `pytest.mark.app_settings(...)`), app, client, runner, db, frozen_clock

Building the world:
    factories    rows one at a time: add_area, add_village, add_user, add_villager (by village
                 name), add_follower (in or out of the 48-hour window), find_user, count_rows;
                 volunteers: seed_area, add_volunteer, create_task
    worlds       ready-made places: make_county (people), make_needs_county (the shipped areas and
                 representative groups) and user(s, county, key), build_relay_county (with TZ,
                 MONDAY_10), make_canteen_county (PLACES)
    admin_world  build_world: the admin page's three-area county with one of every record (SEES)
    mediation    make_place (an area, a village, a room with hours), make_mediator, at (Shanghai time)
    knowledge    copy_knowledge, edit_yaml, load_into: the knowledge files, changed and loaded
    clock        FROZEN_AT, the time every test runs at unless it sets its own

Talking to the bot:
    chat         without HTTP, through handle_incoming: say, chat, converse, talk, event,
                 send_location, incoming, order_of
    routing      FakeRouter, a stand-in for the NLU router (bot.conversation.use_router)
    conversations  own_conversations, assert_passes: our tests/data/converse-*.jsonl, played
                 by the converse runner in the `worlds` fixture
    wechat       as WeChat does, through /wechat: WeChatKit (signed, plain/compat/safe), make_text
                 and the other message factories, WeChat's crypto written independently,
                 WECHAT_SETTINGS, timing_slack
    admin        the admin page: add_account, login, logged_in, post (with the CSRF token),
                 csrf_token, session_cookie, follow_import, audit_entries
    needs_desk   the admin page's needs board: report, whistled, act, seen_stamp, need_row,
                 pushes_from, need_events, NEEDS_ACCOUNTS, ROAD, FARM

What came out:
    outbox       queue_push, outbox_row, outbox_rows, outbox_by_key, pushes, keys_from,
                 clear_outbox, deliver (send the queue through the fake API); the dispatcher
                 tests' DISPATCH_SETTINGS, TEMPLATES, FIELDS

Around the app:
    network      RealHostGuard (no traffic past loopback), TcpProxy (take a database away)
    processes    subprocess_env, flask_process: `flask --app wsgi …` children; ROOT
    races        race (callables at one moment on threads), book_racing (a racing process of
                 the mediation race: run by multiprocessing, it imports only bot and this module)
    scheduler    record_run and EVERY_SECOND: job tables the scheduler tests load by name
    fuzz/        Hypothesis strategies and the checker of the webhook's property tests (also used
                 by bench/fuzz/webhook_atheris.py): messages, defects, wire, probe
"""
