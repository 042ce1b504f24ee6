"""Chat handlers, one module per capability, combined in one explicit order (first match wins)."""
from __future__ import annotations

from bot.dispatch import Dispatcher

from . import (account, affairs, benefits, canteens, clarify, errand_commands, errand_questions, errands, events, family, guides, human, human_followup, matters, media, mediation,
               mediation_move, mediation_times,
               mediation_own, mediation_staff, mediator_outcome, mediator_times, mediator_words, menu, need_reps, need_status, needs, own_items, push_changes, push_settings, ratings, safety,
               smalltalk, staff_all, staff_clauses, staff_named, staff_pick, staff_spotted, staff_words, staff_yes,
               status, suggestions, themes, volunteer_clauses, volunteer_questions, volunteers, work)


def build_dispatcher() -> Dispatcher:
    routers = [
        safety.router,  # its guard runs before all of these (see bot/dispatch.py)
        clarify.router,
        push_changes.router,  # "别给俺发村务了" / "又想收了": before any reader takes 别/不用/又 as its own
        mediator_words.router,  # 确认 / 改到… / 调解成功了 without a number: before the other staff words
        mediator_outcome.router,  # 这个事俺们调不了…让他们上法院起诉去吧: the outcome told at length, once held
        staff_pick.router,  # 第二个 / 耕地那个 after 是哪一件？ (its flow step only)
        staff_all.router,  # 两个俺都接了 / 俺全报到: every item waiting taken at once
        staff_clauses.router,  # 第二个俺接不了 头一个俺接: several items, one clause each
        staff_named.router,  # 虫子那个俺来管 / 剩下那个也接: one of several named, before the bare staff words
        staff_words.router,  # staff words without a number (接单, 办好了, 报到, 确认): before the numbered ones
        staff_yes.router,  # 好的 right after an errand or whistle push: take that item
        staff_spotted.router,  # 收到收到 下午过去拿材料 / 人凑不齐下礼拜二上午吧: the word inside the chatter
        mediator_times.router,  # 下午吧 / 往后推俩钟头 / 第二个改到礼拜五上午: another time in any words
        errand_questions.router,  # 问问大娘 … / the villager's answer to it: before guides read 残疾证 or 照片
        work.help_router,  # 报到咋报 / 群众留的话俺咋回: a staff member's how-to, before guides read 报
        human.early_router,  # a staff statement with a villager's message waiting answers it, before guides read it
        own_items.router,  # 行，就那个时间 / 俺约的调解换个时间: one's own booking, before ratings read 行
        ratings.router,  # 挺好的 / 没修好 after something was done, before guides read 好 or 修
        volunteer_questions.router,  # 几点集合 / 河道那个要带工具不 about a task pushed: before needs read 河道
        volunteer_clauses.router,  # 包饺子那个俺能去 拉呱那个不去了: task by task, before errands read 上医院
        matters.router,  # "修路的事到哪一步了" names a matter of the village: before status reads 到哪一步
        need_status.router,  # "信号那事有信儿没" names an open need of one's own: its status, not a new need
        themes.early_router,  # 那个入户走访咋报名 right after the month's digest: before guides read 入户
        benefits.router,  # 俺能领啥 (政策找人): its command words before guides read 领
        family.router,  # 帮俺娘办… (a confirmed relative) before errands start the villager's own
        guides.router,
        work.router,  # "我的任务" for staff, before the errands' and needs' own list words
        suggestions.router,  # 我有个建议… before needs take it as a need
        need_reps.router,  # representatives' 进展/办结 N before the errands' (same words), see need_reps
        needs.router,
        errands.router,
        errand_commands.router,  # 接单 12 / 我的代办 / 取消代办 12: where errands' own commands always were
        account.router,
        volunteers.router,
        themes.router,
        canteens.router,
        affairs.router,
        push_settings.router,
        status.router,
        human.router,
        mediation_staff.router,  # mediator commands (role-gated) before the villager's "改时间 N"
        mediation_own.router,  # 我的调解预约 / 取消预约 N / 改约 N / 同意 N, as before within mediation's own
        mediation.router,
        mediation_times.router,  # the booking form's day, time and phone steps
        mediation_move.router,  # a number from the other free times after a booking moved in words
        # Events and non-text messages: matched by event name / message kind only.
        events.router,
        media.router,
        human_followup.router,  # a villager writing back after a staff answer, when the words are nothing else
        smalltalk.router,  # after every handler that takes "好" / "行" as an answer
        menu.router,  # greeting and help last; `menu.fallback` when nothing fits
    ]
    return Dispatcher(routers=routers, fallback=menu.fallback, global_commands=menu.global_commands(),
                      clarify=clarify.ask_which, guard=safety.guard)
