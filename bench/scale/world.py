"""Seeding a realistic county on the scale database, and the manifest the load tool reads.

After `flask setup` (areas, villages, groups, guides, mediation rooms) and the mediation slots:
- registered villagers spread over every village (they chat during the run);
- party representatives in every group, for each area the group serves (they answer whistles);
- one mediator per room (booking notices), registered volunteers, volunteer tasks with few
  places (their offers are pushed at once);
- tens of thousands of plain subscribers (bulk inserted): the audience of the monthly push;
- this month's theme for every township group, so that each villager gets one theme push.
The manifest (world.json) lists the openids by role and the task numbers.
"""
from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from flask import Flask
from sqlalchemy import insert, select

from bot import volunteers
from bot.mediation.lookups import add_mediator
from bot.models import Area, MediationRoom, RepGroup, Theme, User, UserRole, Village
from bot.themes import month_of

TEAM_NAMES = ["张", "王", "李", "赵", "刘", "陈", "杨", "孙", "周", "吴"]


@dataclass(frozen=True)
class Sizes:
    villagers: int = 3000
    subscribers: int = 6000
    volunteers: int = 400
    reps_per_group_area: int = 2
    tasks_per_area: int = 2
    task_places: int = 2


@dataclass
class World:
    month: str
    villagers: list[str] = field(default_factory=list)  # registered, not staff
    newcomers: list[str] = field(default_factory=list)  # not in the database yet
    volunteers: list[str] = field(default_factory=list)
    reps: list[str] = field(default_factory=list)
    mediators: list[str] = field(default_factory=list)
    tasks: list[int] = field(default_factory=list)
    villages: list[str] = field(default_factory=list)  # names newcomers register with
    subscribers: int = 0

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), ensure_ascii=False))

    @classmethod
    def load(cls, path: Path) -> "World":
        return cls(**json.loads(path.read_text()))


def _bulk_users(session, rows: list[dict]) -> None:
    for start in range(0, len(rows), 5000):
        session.execute(insert(User), rows[start:start + 5000])


def seed(app: Flask, sizes: Sizes, rng: random.Random, newcomers: int = 1000) -> World:
    db = app.extensions["db"]
    now = datetime.now(timezone.utc)
    world = World(month=month_of(now, app.config["TZ_NAME"]))
    with db.session() as s:
        villages = s.execute(select(Village.id, Village.name, Area.code).join(Area)).all()
        # Names villagers type: the village name plus 村 where it has none (王庄 → 王庄村).
        world.villages = [n if n.endswith("村") else n + "村" for _, n, _ in villages]
        by_area: dict[str, list[int]] = {}
        for vid, _, code in villages:
            by_area.setdefault(code, []).append(vid)

        def people(prefix: str, count: int) -> list[dict]:
            return [{"openid": f"{prefix}{n:06d}", "name": rng.choice(TEAM_NAMES) + "某",
                     "village_id": rng.choice(villages)[0], "subscribed": True, "created_at": now}
                    for n in range(count)]

        _bulk_users(s, people("sv", sizes.villagers))
        _bulk_users(s, people("ss", sizes.subscribers))
        _bulk_users(s, people("so", sizes.volunteers))
        world.villagers = [f"sv{n:06d}" for n in range(sizes.villagers)]
        world.volunteers = [f"so{n:06d}" for n in range(sizes.volunteers)]
        world.newcomers = [f"sn{n:06d}" for n in range(newcomers)]
        world.subscribers = sizes.subscribers

        reps = []
        for group in s.scalars(select(RepGroup).order_by(RepGroup.id)):
            for code in group.area_codes or []:
                area_id = s.scalar(select(Area.id).where(Area.code == code))
                for _ in range(sizes.reps_per_group_area):
                    openid = f"sr{len(reps):06d}"
                    reps.append(({"openid": openid, "name": "代表", "village_id": rng.choice(by_area[code]),
                                  "subscribed": True, "created_at": now}, group.code, area_id))
        _bulk_users(s, [r[0] for r in reps])
        ids = dict(s.execute(select(User.openid, User.id).where(User.openid.like("sr%"))).all())
        s.execute(insert(UserRole), [{"user_id": ids[r["openid"]], "role": "rep", "area_id": area_id,
                                      "group_code": group_code, "leader": False, "created_at": now}
                                     for r, group_code, area_id in reps])
        world.reps = sorted(ids)

        for n, (room_id, area_code) in enumerate(s.execute(
                select(MediationRoom.id, Area.code).join(Area).order_by(MediationRoom.id)).all()):
            user = User(openid=f"sm{n:06d}", name="调解员", village_id=rng.choice(by_area[area_code]))
            s.add(user)
            s.flush()
            add_mediator(s, room_id, user.id)
            world.mediators.append(user.openid)

        for openid in world.volunteers:
            user = s.scalars(select(User).where(User.openid == openid)).one()
            volunteers.register_volunteer(s, user, rng.sample(volunteers.SKILLS, 2),
                                          ["什么时候都行"], now)

        starts = (now + timedelta(days=3)).replace(hour=1, minute=0, second=0, microsecond=0)
        for code in sorted(by_area):
            for n in range(sizes.tasks_per_area):
                task, _ = volunteers.create_task(
                    s, title=f"暖心食堂帮厨{n + 1}", area_code=code, starts_at=starts + timedelta(days=n),
                    ends_at=starts + timedelta(days=n, hours=3), needed=sizes.task_places,
                    place="片区党群服务中心", now=now)
                world.tasks.append(task.number)

        for group in s.scalars(select(RepGroup).where(RepGroup.level == "township")):
            if s.scalar(select(Theme.id).where(Theme.group_code == group.code, Theme.month == world.month)) is None:
                s.add(Theme(group_code=group.code, month=world.month, title="冬季防火安全",
                            description="天干物燥，家家户户查一查电线和炉子。",
                            activities=["入户查电线", "讲讲冬季取暖防火"]))
    return world
