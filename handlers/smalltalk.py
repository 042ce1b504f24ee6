"""Small talk: thanks, ok, greetings, "你是谁" get one short line; the topic or form stays.
A 确认 with nothing waiting for it (said again after a form was already submitted) is an ok.

Runs as a command late in the order, after every handler that acts on a short answer ("好",
"行" to a task push, a form's confirmation), so only words that do nothing else land here.
A message is small talk when it is made only of such words (and particles, address words).
"""
from __future__ import annotations

import re
from datetime import timedelta

from bot.choices import strip_punctuation
from bot.dispatch import NOT_MINE, Context, Router
from bot.forms import form_title, spec_for
from bot.messages import did

router = Router("smalltalk")

# Greetings of the day and of courtesy: nobody asks for the menu with them, so they get the
# short line; a bare 你好 / 在吗 outside a form gets the menu (it greets back with what we do).
_SOCIAL = ("早上好", "上午好", "中午好", "下午好", "晚上好", "早", "吃了吗", "吃饭了吗", "吃了没", "吃饭了没",
           "吃了么", "过年好", "新年好", "忙着呢", "忙不忙", "最近好吗", "身体好吗")
# 回头再说 / 改天再来问 / 有事再找你: leaving it for another time.
_LATER = tuple(when + again + what
               for when in ("回头", "改天", "下回", "下次", "以后", "过两天", "明天", "有空", "有事")
               for again in ("再", "")
               for what in ("说", "来", "问", "来问", "找你", "找您", "来找你", "聊", "联系", "见"))
# kind → words; longest words are taken first when the message is cut into them.
_WORDS = {
    "who": ("你是谁", "您是谁", "你是机器人吗", "你是机器人", "你是真人吗", "你是人吗", "你是干啥的",
            "你是干什么的", "你们是干啥的", "你们是干什么的", "你叫啥", "你叫什么",
            # 你是机器人还是真人 / 是真人不: asking what answers, not asking for a person
            "机器人还是真人", "真人还是机器人", "机器人还是人", "机器还是真人", "机器还是人", "真人还是机器", "是机器不", "是机器吗", "还是真人", "还是机器人", "还是人", "是不是机器人", "是不是真人", "是真人不",
            "是机器人不", "是真人吗", "是机器人吗", "是人不是",
            # 你们是政府的吗 / 是官方的不 / 哪个单位办的: who runs the account
            *(who + end for who in ("你们是政府的", "是政府的", "是政府办的", "是官方的", "是正规的", "你们是哪个单位的",
                                    "哪个单位的", "哪个单位办的", "是谁办的", "谁办的", "谁弄的", "你们是村里的", "是村里的",
                                    "是镇上的", "是县里的")
              for end in ("吗", "不", "么", "啊", "呀", ""))),
    "thanks": ("谢谢", "多谢", "谢了", "谢啦", "感谢", "感激", "辛苦了", "辛苦", "麻烦你了", "麻烦您了",
               "费心了", "太感谢了", "谢谢你", "谢谢您", "麻烦了", "多亏了", "多亏你", "多亏您", "劳驾", "难为你了",
               "难为您了", "thanks", "thank you", "3q"),
    "greeting": ("你好", "您好", "在吗", "在不在", "哈喽", "嗨", "hello", "hi") + _SOCIAL,
    "bye": ("再见", "拜拜", "回见", "先这样", "就先这样", "先这么着", "走了", "先走了", "挂了", "不聊了", "忙去了",
            "去忙了", "忙了", "先忙", "干活去了", "干活去", "做饭去了", "下地去了", "下地了", "睡觉去了", "歇着了", "没别的事", "没啥事", "没其他事", "没别的", "没有别的事", "bye", "88",
            "不问了", "没啥问的了", "没啥要问的了", "没别的要问的了") + _LATER,
    "ok": ("好的", "好嘞", "好滴", "好吧", "好", "行吧", "行", "中", "嗯", "嗯嗯", "哦", "噢", "喔", "ok",
           "知道了", "晓得了", "明白了", "明白", "懂了", "收到", "可以", "没问题", "没事了", "没事", "清楚了",
           "那好", "就这样", "对", "对的", "是的", "确认", "确定", "确认提交", "提交", "就这么办", "这样啊", "原来这样", "了解", "哈哈", "呵呵", "嘿嘿", "哈哈哈"),
}
# Words that carry nothing by themselves around the small talk.
# 您老 / 你老: the polite "you" (the local 恁 is read as 您 first).
_FILLERS = ("啊", "呀", "吧", "呢", "啦", "哈", "了", "的", "哦", "嘛", "呐", "哟", "嘞", "咧", "哩", "你", "您",
            "你老", "您老", "俺", "我", "咱", "大家", "先",
            "那", "就", "很", "非常", "太", "真", "都", "们", "同志", "党代表", "书记", "主任", "老师",
            "师傅", "大姐", "大哥", "小伙子", "姑娘", "领导", "干部", "一下", "好人",
            # how the elderly address whoever answers (谢谢你啊闺女 / 中 孩子)
            "闺女", "丫头", "孩子", "妹子", "大妹子", "兄弟", "大兄弟", "老弟", "小妹", "小弟", "侄儿", "大侄子",
            "党员", "调解员", "网格员", "代办员", "小同志", "同志们", "老乡", "乡亲")
_WORDS["ok"] += ("晓得", "知道", "中中", "妥了", "得嘞", "行行", "成")  # local ways to say ok
# 忘不了 / 记着呢 / 误不了事: a reminder acknowledged
_WORDS["ok"] += ("忘不了", "忘不下", "记着呢", "记着", "记住了", "记下了", "记下", "记好了", "记得", "误不了", "误不了事", "耽误不了", "放心吧", "放心")
# 到时候俺准去 / 一定到: being there on the day, said back to a confirmation
_WORDS["ok"] += tuple(how + go for how in ("准", "准时", "按时", "准点", "按点", "一定", "肯定", "保准", "指定", "按时间", "早点", "早些", "提前", "早早")
                      for go in ("去", "到", "来", "过去", "赶到", "到场"))
_FILLERS += ("到时候", "到时")
# 就是问问 / 随便看看: nothing asked yet; 挺好使 / 真方便: praise of the account, thanked for
_WORDS["ok"] += ("就是问问", "随便问问", "问问而已", "随便看看", "看看而已", "就是看看")
_WORDS["thanks"] += ("挺好使", "好使", "真好使", "好用", "挺好用", "真好用", "真方便", "挺方便", "方便多了", "真不错", "挺不错",
                     "真棒", "点赞", "给你点赞", "给力", "真给力")
_FILLERS += ("这个", "你这个", "你们这个", "小程序", "公众号", "软件", "这玩意儿", "这玩意", "这东西")
# 就这个事 / 就这些: nothing more to add (after a message was passed on or a form sent)
_WORDS["ok"] += tuple(f"就{what}{end}" for what in ("这个事", "这事", "这些", "这些事", "这么个事", "这一个事", "这一件事", "一个事", "这点事")
                      for end in ("", "儿"))
# 中 俺在家等着 / 等恁来: the villager will wait for whoever comes (after an errand or need is taken)
_WORDS["ok"] += ("等着", "在家等着", "在家等", "在家候着", "候着", "等你来", "等您来", "等恁来", "等你", "等您", "等恁",
                 # 俺不出门 / 哪也不去: staying in for whoever comes
                 "不出门", "不出去", "哪也不去", "哪儿也不去", "哪都不去")
# 哦 那就是没有呗 行 / 原来还没有啊: what was just said (nothing found, nothing yet) taken in, nothing asked
_WORDS["ok"] += tuple(lead + none for lead in ("那就是", "就是", "那就", "原来", "那是", "那")
                      for none in ("没有", "还没有", "还没", "啥也没有", "什么也没有", "都没有", "一个也没有"))
_FILLERS += ("呗",)
# 睡了 晚安 / 歇着去了 / 躺下了: going to bed is a goodbye; 晚安 said alone too
_WORDS["bye"] += ("晚安", "睡了", "睡觉了", "要睡了", "睡去了", "去睡了", "歇了", "歇着去了", "歇去了", "休息了", "去休息了",
                  "躺下了", "早点睡", "早点歇着")
# 麻烦书记了 / 难为恁们了: the trouble given to whoever helped, named between (not 太麻烦了, a complaint)
_WORDS["thanks"] += tuple(f"{word}{who}{end}" for word in ("麻烦", "难为", "劳烦", "让", "叫")
                          for who in ("书记", "主任", "领导", "同志", "代表", "党代表", "大姐", "大哥", "师傅", "闺女",
                                      "孩子", "你们", "您们", "大伙", "大家")
                          for end in ("了", "啦", "费心了", "操心了", "跑腿了") if word not in ("让", "叫") or end != "了" and end != "啦")
# 好人一生平安 / 祝恁身体健康 / 好人有好报: a blessing is thanks given in other words.
_BLESSINGS = ("一生平安", "平平安安", "平安", "好人有好报", "好人一生平安", "身体健康", "身体好", "万事如意", "心想事成",
              "长命百岁", "工作顺利", "一切顺利", "全家幸福", "全家平安", "阖家欢乐", "新年快乐", "过年好", "发大财", "升官发财",
              "福如东海", "健健康康", "长寿", "有福", "好福气", "积德", "积大德了", "行善积德", "菩萨心肠", "大好人", "活菩萨")
_WORDS["thanks"] += tuple(f"{lead}{bless}" for lead in ("", "祝", "祝你", "祝您", "祝你们", "祝您们", "愿你", "愿您")
                          for bless in _BLESSINGS)
# 你还挺懂 / 真聪明 / 有两下子: praise of the one answering
_WORDS["thanks"] += tuple(f"{how}{what}" for how in ("挺", "真", "怪", "很", "蛮", "还挺", "可真")
                          for what in ("懂", "聪明", "厉害", "能耐", "灵", "机灵", "在行"))
_WORDS["thanks"] += ("有两下子", "懂得真多", "懂得多", "知道得真多", "知道的真多", "啥都知道", "啥都懂")
_FILLERS += ("好人", "真是", "还", "是个", "是", "一定", "会", "的人")
# 恁们也挺辛苦的 / 真不容易 / 受累了: the trouble of whoever helps, acknowledged
_WORDS["thanks"] += tuple(f"{how}{what}" for how in ("挺", "真", "太", "够", "怪", "也挺", "也怪", "")
                          for what in ("辛苦", "辛苦的", "不容易", "受累"))
_FILLERS += ("也",)
# 哎 好好 谢谢啊 / 那个就是 知道了: a voice message's sighs and fillers around the thanks
_FILLERS += ("哎", "唉", "嗨", "哎呀", "哎哟", "噢", "喔", "诶", "欸", "那个", "就是")
# 回头有事再找恁 / 以后有啥事再问: "with something" between the when and the again
_WORDS["bye"] += tuple(when + mid + again + what
                       for when in ("回头", "改天", "下回", "下次", "以后", "过两天", "有空")
                       for mid in ("有事", "有啥事", "有什么事", "有事儿")
                       for again in ("再", "")
                       for what in ("说", "来", "问", "来问", "找你", "找您", "来找你", "联系", "麻烦你", "麻烦您"))
# 稍等 俺找找手机号 / 等一下 俺去拿: the villager will be right back with the answer
_WAIT = tuple(w + what for w in ("稍等", "等等", "等一下", "等会", "等会儿", "等一会", "你等会", "您等会", "俺找找", "我找找", "找找",
                                  "我找一下", "找一下", "我去拿", "俺去拿", "我看看", "我翻翻", "俺翻翻", "我查查")
              for what in ("", "手机号", "号码", "电话", "手机", "电话号码", "身份证", "本子"))
_WORDS["wait"] = _WAIT
_LINES_WAIT = "好的，不着急，您找到了发过来就行。"
_ORDER = ("who", "thanks", "bye", "greeting", "wait", "ok")  # what a mixed message answers ("好的，谢谢" → thanks)
_LINES = {
    "who": "我是片区通，帮咱村里人办事的小帮手：问政策、请党员代办、约调解、找工作人员都行。回复“菜单”看全部。",
    "thanks": "不客气！还有事随时说。",
    "greeting": "您好！有事直接说就行，比如“低保怎么办”。回复“菜单”看能办什么。",
    "bye": "好的，您慢走！有事随时来说。",
    "ok": "好的，还有事随时说。",
    "wait": _LINES_WAIT,
}
_FORM_NOTE = "\n刚才的事还没办完，接着回答上面的问题就行；不办了回复“取消”。"
_TOPIC_FLOWS = ("guide", "menu", "clarify")  # not forms: nothing is waiting for an answer
_VOCAB = sorted(((w.lower(), kind) for kind, ws in _WORDS.items() for w in ws if w), key=lambda x: -len(x[0]))
_FILLER_VOCAB = sorted(_FILLERS, key=len, reverse=True)
# The same lists by first character (longest first within each): a word can only start where its
# first character stands, so most of the list is never tried.
_VOCAB_BY_FIRST: dict[str, list[tuple[str, str]]] = {}
for _entry in _VOCAB:
    _VOCAB_BY_FIRST.setdefault(_entry[0][0], []).append(_entry)
_FILLERS_BY_FIRST: dict[str, list[str]] = {}
for _filler in _FILLER_VOCAB:
    _FILLERS_BY_FIRST.setdefault(_filler[0], []).append(_filler)


def smalltalk_kinds(text: str) -> set[str]:
    """The kinds of small talk `text` is made of, or an empty set when it says anything else."""
    rest = strip_punctuation(text).lower().replace(" ", "").replace("恁", "您")  # 恁: the local 您
    if not rest:
        return set()
    kinds: set[str] = set()
    while rest:
        for word, kind in _VOCAB_BY_FIRST.get(rest[0], ()):
            if rest.startswith(word):
                kinds.add(kind)
                rest = rest[len(word):]
                break
        else:
            filler = next((f for f in _FILLERS_BY_FIRST.get(rest[0], ()) if rest.startswith(f)), None)
            if filler is None:
                return set()
            rest = rest[len(filler):]
    return kinds


# 知道了 俺提前接点水 / 中 俺早点准备着: an ok to a notice just sent, then getting ready for it.
_READYING = re.compile(r"^(?:知道了|晓得了|好的?|中|行|收到了?|明白了?)[，,\s]*(?:俺|我|咱)?(?:们|家)?(?:提前|先|早点|早些|到时候|赶紧)"
                       r"[\u4e00-\u9fff]{1,8}$")


def _readying(ctx: Context) -> bool:
    from .pushed_lately import latest_mass_push  # at call time: it reads the outbox

    return _READYING.match(ctx.text.strip()) is not None and latest_mass_push(ctx, timedelta(days=1)) is not None


@router.reader()
def smalltalk(ctx: Context):
    """One short line for thanks / ok / greetings / "你是谁"; the flow in progress is kept."""
    kinds = smalltalk_kinds(ctx.text) or ({"ok"} if _readying(ctx) else set())
    if not kinds:
        return NOT_MINE
    kind = next(k for k in _ORDER if k in kinds)
    state = ctx.dialog.state
    in_form = state is not None and state.flow not in _TOPIC_FLOWS
    if kinds == {"greeting"} and not in_form and not any(w in ctx.text for w in _SOCIAL):
        return NOT_MINE  # a hello outside a form: the menu greets back with what the bot can do
    line = _LINES[kind]
    if kind == "ok" and not in_form:
        line = _offer_still_open(ctx) or line
    if in_form:
        spec = spec_for(state.flow)
        line += _FORM_NOTE.replace("还没办完，", f"还没办完：{form_title(spec, state.slots)}，") if spec is not None else _FORM_NOTE
    return did("smalltalk.ack", line)


def _offer_still_open(ctx: Context) -> str | None:
    """嗯嗯 to a task push is no yes (a sign-up needs one), but the offer is not let go either:
    the ok names the task and how to take it."""
    from bot import context, volunteers  # at call time: small talk runs for every message

    item = context.latest(ctx.session, ctx.user.openid, context.ANSWERABLE, ctx.now)
    if item is None or item.kind != "task" or item.via != "push":
        return None
    task = next((t for t in volunteers.unanswered_offers(ctx.session, ctx.user, ctx.now)
                 if str(t.number) == item.ref), None)
    if task is None:
        return None
    return f"好的。{task.title}（{task.number}号）想去的话回复“1”报名；去不了回复“去不了”。"
