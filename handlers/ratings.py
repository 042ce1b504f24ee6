"""Ratings in words (挺好的，谢谢党代表 / 还行 / 不满意 / 没修好) for the villager's latest done need,
errand or mediation (the rules that store them: bot/needs, bot/errands, bot/mediation/ratings.py)."""
from __future__ import annotations

import re

from bot.choices import clauses
from bot.dispatch import NOT_MINE, Context, Router
from bot.errands import rate_errand
from bot.errands.rules import awaiting_rating as errand_to_rate
from bot.mediation import awaiting_rating as booking_to_rate
from bot.mediation import rate_booking
from bot.messages import did
from bot.needs import rate
from bot.needs.rules import awaiting_rating as need_to_rate

from . import need_texts
from .staff_done import says_fixed

router = Router("ratings")

# Not satisfied first: 不满意 contains 满意, 没修好 contains 好.
_UNHAPPY = re.compile(r"不(?:太|大|怎么|咋)?满意|没(?:有)?(?:给|帮)?(?:俺|我|咱|人家)?(?:修|办|弄|整|搞|通)好|没(?:有)?解决|还没好|不行|不(?:太|大)?好|太慢|"
                      r"差劲|糊弄|应付|敷衍|不管用|又坏|不咋(?:地|样|的)|不怎么样|不靠谱|"
                      # how it was done: late, slow, careless (拖了好几天才来 / 磨磨蹭蹭 / 态度不好)
                      r"(?P<scorn>[修通好弄办亮来])啥(?P=scorn)|一滴(?:水)?(?:都|也)没|"  # 通啥通 一滴水都没有: scorn of the news
                      r"拖了|拖拉|拖拖拉拉|慢得|慢死|等了(?:快|足足|整整|差不多)?(?:一|两|俩|仨|三|几|半|大半)?个?(?:月|礼拜|星期)|磨蹭|磨叽|太晚|才来|慢了|太慢|慢吞吞|态度(?:不好|差|不行)|不上心|没人管|不理人|"
                      # nothing changed, or unfair (白跑一趟 / 他家还是那样 / 偏向他家 / 和稀泥)
                      r"没(?:有|啥|什么|多大)?(?:用|效果|变化)|不管事|白(?:跑|去|调|办|弄|忙)|还是(?:那样|那个样|老样子|不行|没)|还是[^，,。\s不]{1,3}不(?!错|赖)|"
                      r"老样子|照旧|(?:跟|和|同)没(?:修|换|弄|办|整|管|调)一样|还是不(?!错|赖)|还是坏|又(?:坏|不|漏|堵|停|断)|不公[平道正]|偏(?:向|袒|心)|和稀泥|不服|没(?:调|谈|说)(?:成|拢|通|好)|谈崩|"
                      # not done in fact (证还没给俺送来 / 钱没到手) and the dialect no (不中, 不得劲)
                      r"还没(?:给|送|拿|到|办|弄|打|发|批|下来|落实)|没(?:拿|收)到|没到手|(?<!中)不中|不得劲|不成|"
                      # no use at all, nobody came (一点用都没有 / 压根没来 / 还不如不办 / 白搭)
                      r"一点(?:用|效果)?(?:都|也)没|(?:压根|根本|就)没(?:来|去|管|办)|人都没来|还不如不|白搭|"
                      # still as it was (还在地上躺着呢 / 还歪着呢) and the marks of a bad review (差评, 一星)
                      r"还(?:在|是)?(?![好中行])[^好，,。\s]{0,4}着呢|差评|一星|不及格|(?:还)?不如(?:俺|我|咱)?自己|"
                      # not done with care (不认真 / 不负责 / 不耐烦) and broken again soon after (第二天就不亮了 / 没两天又坏了)
                      r"不(?:太|大|咋|怎么)?(?:实在|认真|负责|尽心|仔细|细心|地道|厚道|耐烦|耐心|和气|痛快)|"
                      r"(?:没|不到)(?:两|几|一|三)天(?:就|又)|(?:第二天|转天|隔天|过两天|没多久|刚走)(?:就|又)|"
                      r"(?:就|又)(?:不亮|不通|不转|不出水|不走|不响|坏|漏|堵|停|断|塌|歪|倒)了|"
                      # of no use (一点用没有) and still as bad as before (水还是黄的)
                      r"一点(?:用|效果|作用)(?:都|也)?没|还是(?![好挺中行不错很真那个老])[^，,。\s]{1,5}的$|"
                      # done, but (修是修了 / 好是好了 …): the concession that opens a complaint; and the thing
                      # still faulty (不结实 / 不牢靠 / 一晃悠就动 / 松松垮垮 / 还漏)
                      r"(?P<doubled>[\u4e00-\u9fff])是(?P=doubled)了|(?:[\u4e00-\u9fff]{1,2})是(?:[\u4e00-\u9fff]{1,2})了[，,\s]*(?:就是|可是|但是|不过)|"
                      r"不(?:结实|牢靠?|稳当?|平整?|亮堂?|干净|严实|好使|顶用|顶事|灵|彻底)|晃(?:悠|荡|当)|松(?:松垮垮|动|了)|还(?:漏|渗|堵|冒|响)")
# Middling words (一般般, 凑合) are no complaint: stored with the words, not reopened.
_HAPPY = re.compile(r"满意|挺好|很好|真好|不错|还行|还可以|可以|行了|好了|谢谢|感谢|多谢|辛苦|麻烦你们了|给力|靠谱|"
                    r"一般|凑合|马马虎虎|过得去|将就|"
                    # the dialects' fair-enough and good (还中 / 还成 / 不赖 / 不孬 / 得劲)
                    r"还(?:中|成|好|算中|算行|算可以)|不赖|不孬|(?<!不)得劲|"
                    # praise of the person or the pace (办得挺利索 / 给他点个赞 / 真及时 / 热心肠)
                    r"利索|麻利|利落|赞|好样的|及时|挺快|真快|很快|周到|热心|用心|上心|贴心|到位|放心|感激|谢了|好人|"
                    # fair, settled, of use (说话公道 / 俺服气 / 俩家和好了 / 真管用)
                    r"办(?:事|得)(?:真|挺|怪|很|可)?(?:中|漂亮|利索|靠谱)(?!心)|"
                    # the trouble gone, told in a voice run-on (拉干净了不臭了好好 / 不漏了中中)
                    r"(?:拉|清|扫|弄|收拾|打扫|冲)干净了|(?<![没还])不(?:臭|漏|堵|淌|渗|颠|黑|冒烟)了|(?:好好|中中|行行)(?:好|中|行)?$|公道|公平|公正|在理|服气|心服|说到.{0,4}心|解决了|调好了|和好|说开了|管用|有用|顶用|踏实|舒心|(?:挺|真|怪|很|老|蛮)(?:中|好)|"
                    # done in fact (办成了 / 钱到账了 / 证领到了) and the local all-right (没毛病)
                    r"办成了|(?:到账|打过来|到手|领到|拿到|发下来|批下来|收着|收到)了|没毛病|好评|五星|满分|一百分|大拇指|"
                    # nothing to say against it, better than doing it oneself, trouble saved
                    r"没(?:的|啥|什么)?说的|没的说|没二话|(?<!不)(?<!没)(?:实在|实诚|认真|负责任|(?:挺|很|真|怪)(?:负责|能干)|尽心|尽责|仔细|细心|地道|厚道|勤快|靠得住|有耐心|耐心|和气|痛快)(?![啥什吗么不没])|比.{0,8}(?:强|好|快|省事)|省(?:了)?(?:俺|我)?(?:不少|老大)?(?:事|心|劲)|帮了大忙|"
                    # how it was done, praised (办得好 / 修的真快 / 弄得漂亮) and thanks as trouble caused (给恁添麻烦了)
                    r"(?:办|弄|修|干|整|搞|调|做|跑)(?:得|的)(?:挺|真|很|怪|可|老|蛮|太)?(?:好|中|快|漂亮|妥当?|明白)|(?:添|给(?:恁|你|您)(?:们)?添)(?:了)?麻烦|麻烦(?:恁|你|您)(?:们)?了")
_ASKS_TO_BE_SURE = re.compile(r"(?:了|是)吧\s*$|[吗么]\s*$|是不是|有没有|是吧")
# Short words only: a long message is a new matter, not a rating.
MAX_RATING_CHARS = 30


def rating_in(text: str) -> bool | None:
    """True (satisfied), False (not), or None when the words are not a rating."""
    if len(text) > MAX_RATING_CHARS or "?" in text or "？" in text or _ASKS_TO_BE_SURE.search(text):
        return None  # 修好了吧 / 弄完了是吧 asks to be sure: the status's
    if _UNHAPPY.search(text):
        return False
    if _OPENS_WITH_YES.match(text) and len(text) <= 12 and not _OTHER_MATTER.search(text):
        return True  # 中 这回准点了: the yes to "您满意吗" opens the answer
    # the trouble told as gone (亮了亮了 晚上不黑了 / 不漏了 / 水来了): what was asked for is there
    return True if _HAPPY.search(text) or any(says_fixed(c) for c in clauses(text)) else None


# A bare 好的 / 中 is an ok (small talk), not a rating: words must follow the yes.
_OPENS_WITH_YES = re.compile(r"^\s*(?:(?:中|行|好|嗯|对|是)(?:啊|嘞|哩|的|呀)?)+[\s，,。!！]+\S")
_OTHER_MATTER = re.compile(r"问|咋|怎么|啥|什么|哪|想|要|办|找|帮")


@router.command(r"^.{1,30}$", free=True)
def rating_words(ctx: Context):
    """A rating in words for the villager's latest done need, errand or mediation not rated yet
    (the one finished last, when several wait)."""
    satisfied = rating_in(ctx.text)
    if satisfied is None or ctx.dialog.busy():
        return NOT_MINE
    waiting = []
    if (need := need_to_rate(ctx.session, ctx.user)) is not None:
        waiting.append((need.closed_at or ctx.now, "need"))
    if (errand := errand_to_rate(ctx.session, ctx.user, ctx.now)) is not None:
        waiting.append((errand.done_at or ctx.now, "errand"))
    if (booking := booking_to_rate(ctx.session, ctx.user, ctx.now)) is not None:
        waiting.append((booking.updated_at or ctx.now, "mediation"))
    if not waiting:
        return NOT_MINE  # 谢谢 with nothing to rate is small talk
    words = ctx.text.strip()
    _, latest = max(waiting, key=lambda pair: pair[0])
    if latest == "need":
        outcome = rate(ctx.session, ctx.user, satisfied, need.number, note=words, now=ctx.now)
        return did("need.rate" if outcome.ok else None, need_texts.rating_reply(outcome))
    if latest == "errand":
        return _errand_rated(ctx, satisfied, words)
    return _mediation_rated(ctx, satisfied, words)


def _errand_rated(ctx: Context, satisfied: bool, words: str):
    outcome = rate_errand(ctx.session, ctx.user, satisfied, words, ctx.now)
    if not outcome.ok:
        return NOT_MINE
    if satisfied:
        return did("errand.rate", f"谢谢您！{outcome.item.number}号代办的评价记下了，会转告帮您办事的党员。")
    return did("errand.rate", f"记下了：{outcome.item.number}号代办您不满意，已经重新交给党员接着办，"
               "他会再联系您。有啥没办好，也可以直接告诉我。")


def _mediation_rated(ctx: Context, satisfied: bool, words: str):
    # CONTRACT.md's closed list of actions has no id for a mediation's rating: a satisfied one is the
    # villager's thanks acknowledged (smalltalk.ack); an unhappy one reports none.
    outcome = rate_booking(ctx.session, ctx.user, satisfied, words, ctx.now)
    if not outcome.ok:
        return NOT_MINE
    if satisfied:
        return did("smalltalk.ack", f"谢谢您！{outcome.item.number}号调解的评价记下了，会转告调解员。")
    return did(None, f"记下了：{outcome.item.number}号调解您不满意，已经告诉片区，会有人再联系您。"
               "也可以回复“预约调解”再约一次。")
