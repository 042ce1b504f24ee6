"""Which part of a guide a message asks for (materials, steps, where, phone, cost, time, who).

Word lists, not phrasings: a part is asked when one of its words appears and no word of another
part is more specific. "多少钱" asks the fee, but "能领多少钱" asks what the benefit pays, which
the guide's first screen answers; "钱不" (要钱不) asks the fee, never the village 前埠.
"""
from __future__ import annotations

import re
from functools import lru_cache

from bot.choices import strip_punctuation
from bot.nlu.normalize import to_simplified_halfwidth
from bot.nlu.phone import without_given_phone

PARTS = ("materials", "steps", "where", "phone", "cost", "time", "who")

# Most specific first: the first part whose words match wins.
_PART_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("phone", ("电话", "号码", "联系方式", "打给谁", "咨询热线", "热线", "手机号", "联系谁")),
    ("time", ("多长时间", "多少时间", "多久", "几天", "多少天", "几个月", "多少个工作日", "时限",
              "啥时候能办好", "什么时候能办好", "啥时候办好", "什么时候办好", "啥时候能下来",
              "什么时候能下来", "多快", "能办好", "办下来", "批下来")),
    ("materials", ("材料", "带什么", "带啥", "要带", "拿什么", "拿啥", "准备什么", "准备啥", "证件",
                   "啥证", "什么证", "带上", "需要啥", "需要什么", "要啥东西", "要什么东西", "啥手续", "什么手续",
                   "哪些手续", "啥卡", "什么卡", "哪张卡", "哪个卡")),
    ("where", ("去哪", "在哪", "哪里办", "哪儿办", "哪办", "上哪", "到哪", "地址", "地点", "窗口",
               "哪个部门", "找哪", "找谁", "问谁", "谁管", "哪个单位", "哪能办", "哪儿能办", "哪里能办",
               "哪里可以办")),
    ("cost", ("多少钱", "费用", "收费", "工本费", "手续费", "办证费", "押金", "花钱", "要钱", "钱不", "交钱", "收钱", "掏钱", "免费",
              "花多少", "收不收", "交多少", "缴多少", "缴费标准", "一年交", "贵不贵", "贵吗")),
    ("who", ("条件", "够不够", "够格", "符合", "资格", "谁能办", "谁可以", "能不能办", "能办吗",
             "能不能领", "能领吗", "能申请吗", "能不能申请", "我能办", "俺能办", "可以办吗", "有没有份", "要求",
             "能申请不", "能领不", "能办不", "能享受")),
    ("steps", ("步骤", "流程", "程序", "过程", "先干啥", "先干什么", "第一步", "手续怎么", "怎么个办法", "咋个办法",
               "啥办法")),
)
# "头一步干啥", "先得找谁", "打哪开始", "从哪下手": where to begin is the steps.
_FIRST_STEP = re.compile(r"(头|第|开头)一(步|遭|件事)|先(得|要|该)?(干|做|办|弄|去|跑|找|准备)(点)?(啥|什么|哪)|"
                         r"(从|打|在)哪(儿|里)?(开始|下手|入手|起头|弄起)|(咋|怎么)(开始|起头|入手|下手)")
# A general "how": the first screen answers it, but after that screen it asks for the steps.
_HOW = ("怎么办理", "咋办理", "怎么弄", "咋弄", "怎么办", "咋办", "怎么申请", "咋申请", "怎么整", "咋整")
# "能领多少钱", "给多少钱", "一个月多少钱": the amount paid out, not a fee.
# "补一个得多少钱", "补办个多少钱": 补 as replacing a lost card or paper is a fee, not an amount paid out.
_BENEFIT_AMOUNT = re.compile(r"(领|给|发|补(?![一个办张块发])|补贴|补助|一个月|每月|每个月).{0,3}(多少|几)")
# "需要准备些啥", "得带哪些东西", "拿点什么", "拿着些啥", "都得备齐啥", "要啥证明": the papers to bring.
_MATERIALS = re.compile(r"(带|准备|拿|提供|备)(着|上|好|齐|全|足)?(些|点|上|好)?(啥|什么|哪些|啥子)|"
                        r"(啥|什么|哪些|哪样)(证明|证件)|"
                        # "要几张照片", "复印几份", "几寸的": how many of a paper
                        r"(几|多少)(张|份|寸)|"
                        # "上户口要啥", "办这个得要些什么": what it takes, asked at the end
                        r"(要|需要|得)(些)?(啥|什么)(呀|啊|呢)?$")
# "要照片不", "得带复印件吗", "用不用开证明": whether a paper is needed is the papers asked (the list
# answers it, listed or not); a paper with a guide of its own (身份证, 户口) is the caller's to weigh.
_PAPER_NEEDED = re.compile(r"(要|需要|得|用|带|交|拿)(不要|不用|不需要)?(个|张|份|些)?(开)?[^\W谁哪]{0,4}?"
                           r"(照片|相片|一寸照|二寸照|寸照|复印件|复印|原件|证明|存折|银行卡|公章|盖章|章|手印|签字)"
                           r"(不|吗|么|没|没有|呢|啊)?$|(照片|相片|复印件|证明)(要|需要|得|用)(不要|不用)?(带|交|拿|准备)?(吗|不|么)?$")
# "需要啥条件", "要什么资格": the rules of who qualifies, not papers.
_RULES_ASKED = re.compile(r"(啥|什么|哪些)(条件|资格|要求)")
# "打哪个号问问", "挂失打啥号", "啥号码": the number to call ("几号" is a date, never asked here).
_PHONE = re.compile(r"打(啥|什么|哪个|哪)(号|电话)|(啥|什么|哪个)号(码)?(啊|呢|问|打|$)")
# "几天能批下来", "得多少天", "要几个月": the time limit.
# "啥时候发", "什么时候能领到", "哪天能批", "多会儿下来": when it comes.
_TIME = re.compile(r"(几|多少)(个)?(天|日|月|星期|礼拜|工作日)|多会|多咱|"
                   r"(啥|什么|哪)(时候|天|会儿)(能|可以|才|会|就|给|开始|去)?(发|给|到账|领|下来|办好|批|拿到|到|出来|有信|办完|有结果|"
                   r"申报|报名|报|申请|交|缴|认证|集中办|办)")
# "钱啥时候能打到卡上", "啥时候才有信儿": when, with a may or a will, expects the office's time.
_WHEN_EXPECTED = r"(啥|什么|哪)(时候|天|会儿)(能|才|会|可以)|(打|到|进|转)(到)?(卡|折子|存折|账)上"
# "当天能拿到不", "当场能办好吗", "马上就能领吗": how soon, i.e. the time limit.
_SOON = r"(当天|当场|马上|立马|立刻|现场|一天|今天)(就)?(能|可以|可)?(拿|取|办好|办完|办下来|领|下来|出来|出证)"
# "停水了好几天了", "前几天", "都三个月了": how long something has lasted, told, not asked.
_DURATION_TOLD = re.compile(r"(好|这|前|过|那|头|都)(几|多少)(个)?(天|日|月|星期|礼拜)|(几|多少)(个)?(天|日|月|星期|礼拜)了|"
                            r"(?<=[住待躺病歇忙跑])了(几|好几)(个)?(天|日|月|星期|礼拜)")  # 住了几天院: told
# "哪些人能办", "谁能领", "啥样的人可以申请": who qualifies.
# "啥样的老人才能领", "哪类家庭才给发": the kind of person, then may.
# "地租出去了 谁领", "这钱归谁", "补给谁": whom it is paid to.
_WHO = re.compile(r"(谁|(哪些|哪种|哪类|哪样的?|什么样的?|啥样的?|什么|啥)"
                  r"(人|老人|老年人|户|家庭|孩子|小孩|学生|残疾人|病人|情况))(家)?((才)?(能|可以|可|够|符合)|才(给|发|让|有))|"
                  r"(谁|哪个人|哪家)(来)?(领|拿)(钱|补贴|这钱)?(啊|呀|呢)?$|归谁|(发|补|打)给谁")
# "俺这情况中不中", "像俺家这样的行不行", "俺们这条件算不算": one's own case put against the rules.
_OWN_CASE = re.compile(r"(俺|我|咱|自己|他|她|俺们|我们|俺家|我家|咱家|他家)(这|这种|这个|那|那种|的)?(情况|条件|样的|样|家庭|状况)"
                       r".{0,4}(中不中|行不行|能不能|可以不|可不可以|算不算|够不够|够吗|中吗|行吗|能行|符合|合格|有份|沾边|靠边)")
# "孩子他爸是外地户口中不中": a case told, then whether it is enough; i.e. who qualifies.
_CASE_THEN_OK = re.compile(r"((能|可以|够)算(是)?[\u4e00-\u9fff]{0,5}?(不|吗|么)|中不中|"
                           # "孩子他爷爷去办中不", "俺闺女替俺领行吗": whether another may do it for one
                           r"(去|来|替[\u4e00-\u9fff]{0,3}|帮[\u4e00-\u9fff]{0,3}|代)(办|领|交|跑|签)(中|行|成|可以)(不|吗|么)|行不行|可以不|可不可以|中吗|行吗|能行不|能行吗|能办不|能办吗|能上不|能落不|能领不|能领吗|"
                           r"算不算|够不够|符合不|够格不|"
                           # "她够五保不", "俺家够低保的条件吗": whether one comes up to the matter
                           r"(?<![能足])够[\u4e00-\u9fff]{1,4}?(的)?(条件|标准|资格)?(不|吗|么)|"
                           # "他能评五保不", "俺能享受低保吗": whether one may be granted the matter
                           r"(能|可以)(评|评上|享受|吃|吃上|够上)[\u4e00-\u9fff]{0,4}?(不|吗|么))$")
MIN_CASE_CHARS = 6
# "还能交不", "还让办吗", "还可以参保么": whether one still may (after an age said).
_STILL_ALLOWED = re.compile(r"还(能|让|可以|给)(补交|补缴|补办|交|缴|办|领|参保|参加|报|入|上)?(不|吗|么|没|啊)?$")
# "交到啥时候能领钱", "交够多少年才给钱", "交了以后啥时候开始领", "多大岁数能领": when one's own payments
# turn into money received is the rule of who receives (age, years paid), not a time limit of the office.
_RECEIVED = r"(领|发|给|拿)(俺|我|咱)?(钱|养老金|退休金|工资)|领($|不|吗|呢|啊)|开始(领|发)|给发|有钱拿"
_PAID_THEN_RECEIVED = re.compile(rf"(交|缴)(到|够|满|了|上)?.{{0,10}}({_RECEIVED})|"
                                 # "啥时候给俺发养老金": the pension starts at an age, not after an office's days
                                 r"(啥时候|什么时候|哪年|多会|多咱).{0,4}(领|发|给).{0,3}(养老金|退休金)")
_AGE_ASKED = re.compile(r"(多大|多少|几)(的)?(岁数|年纪|年龄|岁)|到(多大|几岁|多少岁)|多大的(孩子|小孩|人|老人)|"
                        # "小孩多大能办", "多大才给领": the age one may at
                        r"多大(了)?(才|就)?(能|可以|给|让)")
# "交了钱多久能领到": how long the office takes, asked in so many words.
_DURATION_ASKED = re.compile(r"多久|多长时间|几天|多少天|几个月|多会")
# "才七十五", "不到六十", "刚满18", "八十多岁": an age told (a bare number is no age: 138…).
_AGE_NUMBER = r"(\d{2,3}|[一二三四五六七八九]十[一二三四五六七八九]?)"
_AGE_TOLD = re.compile(rf"(才|都|刚|刚刚|已经|还不到|不到|没到|不满|没满|快|满|过了|超过)(满)?{_AGE_NUMBER}(多)?(岁|周岁)?|"
                       rf"{_AGE_NUMBER}(多)?(岁|周岁)|"
                       # "那俺奶八十二 有份没": a relative named, then the age straight after
                       rf"(娘|爹|妈|爸|奶奶?|爷爷?|姥姥|姥爷|老伴|老头子?|婆婆|公公|大爷|大娘|叔|婶|舅|姑)(今年|都|已经)?{_AGE_NUMBER}(?![\d十])")
# The case put as a question: 那…呢, 行不, 够不够, 有没有份, 能领不.
_ASKS_OF_CASE = re.compile(r"(呢|吗|么|不|没|中不中|行不行|够不够|有没有份|有份没|算不算)$|^(那(?!个)|要是|如果|假如)")  # 那个: a filler
# "那俺爹要是没户口呢", "要是俺闺女嫁出去了呢": the rules asked for one person's situation.
_KIN = (r"(俺|我|咱|他|她|人家)?(家|们)?(的)?(娘|爹|妈|爸|老伴|老头子?|老婆|媳妇|对象|孩子|小孩|闺女|儿子|孙子|孙女|"
        r"爷爷?|奶奶?|姥姥|姥爷|兄弟|姐姐?|妹妹?|哥哥?|弟弟?|老人|婆婆|公公|丈人|丈母娘|老公|男人)")
# the household: "那家里有个上大学的呢", "要是俺家有辆车呢"
_HOUSEHOLD = r"(俺|我|咱|他|她)?(家里头?|家里边|家中|家|户里|一家)"
_CASE_WHAT_ABOUT = re.compile(rf"^(那|可|那要是|那如果|那假如|那万一|要是|如果|假如|万一)(是|要是)?({_KIN}|{_HOUSEHOLD})"
                              r"(要是|如果|假如)?(?P<case>(?![里头边中]{0,2}的?(呢|咋办|咋弄|怎么办)$)[\u4e00-\u9fff\d]{2,12}?)(呢|咋办|咋弄|怎么办|行不|中不|也行吗|也中不)$")


# "那要是眼睛看不见呢", "如果户口迁走了咋办": a case put to the rules (its own words may name no one).
_WHAT_IF = re.compile(r"^((那|可|那么)?(要是|如果|假如|万一|若是)|那(光|就|只|只有|就剩)?(俺|我|咱)(们)?)[\u4e00-\u9fff\d]{2,14}?"
                      r"(呢|咋办|怎么办|咋整|咋弄|行不|中不|能办不|能行不|还能办不|还能领不|还给不)$")


# "那要是已经报过医保了呢": a thing already done, put as the case (the matter it names is no new question).
_DONE_ALREADY = re.compile(r"已经.{0,6}(过|了)|(过|完)了(呢|咋办|怎么办)$")


# "俺爹交的村里那种养老保险 他没了能领不": another matter told as what one had or paid (a condition),
# then whether one may get the one being talked about.
_HELD_THEN_MAY = re.compile(r"(?P<held>(交|缴|办|领|上|参加|有)(的|过|了|着)[\u4e00-\u9fff]{0,8}?(保险|医保|低保|补贴|补助|证))"
                            r".{0,16}(能领|能办|能报|能拿|能给|中|行|可以|给)[\u4e00-\u9fff]{0,4}?(不|吗|么)$")


# "俺家没低保 够条件不", "俺是五保户 能申请不", "吃着低保呢 中不中": what the household is, has or lacks
# (a status, said by its matter's name), then whether one qualifies.
_STATUS_THEN_MAY = re.compile(r"(?P<held>(没|没有|不是|不吃|没吃|没评上|没享受|吃着|吃的|是|有)(个)?[\u4e00-\u9fff]{0,4}?"
                              r"(低保|五保|特困|养老保险|医保|残疾证|残疾补贴)(户)?)(的)?(呢|啊)?"
                              r"(?P<asked>.{0,16}?(够条件|能申请|能办|能领|能评|行|中|可以|够格|符合|够)[\u4e00-\u9fff]{0,4}?(不|吗|么)|中不中|行不行)$")


def condition_held(text: str) -> str | None:
    """Another matter held or paid, told as the case, and "may I get it" asked: the words of what is
    held (the caller checks that they name a matter other than the one talked about), else None.
    A status (俺家没低保) counts only when the question after it names no matter of its own."""
    words = strip_punctuation(to_simplified_halfwidth(text))
    if found := _HELD_THEN_MAY.search(words):
        return found.group("held")
    from bot.nlu import named_guides

    found = _STATUS_THEN_MAY.search(words)
    return found.group("held") if found and not named_guides(found.group("asked")) else None


def what_if_done(text: str) -> bool:
    """A what-if whose case is something already done (已经报过医保了): a condition, not a request."""
    return what_if(text) and bool(_DONE_ALREADY.search(strip_punctuation(text)))


def what_if(text: str) -> bool:
    """A case put as "what if": the rules of who qualifies answer it when the guide's text does not."""
    return bool(_WHAT_IF.match(strip_punctuation(to_simplified_halfwidth(text))))


def own_case_asked(text: str) -> bool:
    """"那俺爹要是没户口呢": whether the rules cover one person's situation, i.e. who qualifies
    (the caller checks that no other matter is named)."""
    return bool(_CASE_WHAT_ABOUT.match(strip_punctuation(to_simplified_halfwidth(text))))


_AGE = re.compile(r"(\d{2,3}|[一二三四五六七八九]十[一二三四五六七八九]?)(多)?(岁|周岁)?了")

# "网上能办不", "能在手机上交不", "用不用跑一趟": whether it can be done without going, which no part
# answers by its name: the guide's text that speaks of it (手机上申请) does, else its phone number.
_ONLINE = re.compile(r"(网上|线上|手机上|手机里|手机|微信上|微信里|app|小程序|电脑上)(能|可以|能不能|可不可以|就能)?"
                     r"(办|交|缴|申请|弄|报|挂失|认证|领|查)|(不用|用不用|非得|必须|得不得)(本人|亲自|自己|本人亲自)?(跑|去|到场|来)(一趟|现场)?")

# "得跑几趟", "要去几回", "来几次才能办完": how many visits it takes, i.e. the steps.
_VISITS = re.compile(r"(跑|去|来|走|到)(上)?(几|多少)(趟|回|次|遍)|(几|多少)(趟|回)(才|就|能)|"
                     # "得走几道手续", "一共几步", "要过几关": how many stages, i.e. the steps
                     r"(几|多少)(道|步|关)|(几|多少)个(手续|程序|环节|步骤|流程)|走(啥|什么|哪些)(手续|程序|流程)")

_NEVER = re.compile(r"(?!)")
# "在哪交材料", "申请表往哪送", "材料交给谁": the place the papers are handed in (where), not the papers.
_HAND_IN_WHERE = re.compile(r"(去|在|上|到|往)(哪|哪里|哪儿|哪个地方)(去)?(交|递|送|报|提交|递交|送交)(的)?(材料|资料|申请|表)|"
                            r"(材料|资料|申请表|表)(得|要|该)?(交|递|送|报|提交|递交)(到|给|去)?(哪|哪里|哪儿|谁|什么地方|啥地方)|"
                            r"(材料|资料|申请表|表)(得|要|该)?(往|到|去)(哪|哪里|哪儿)(交|递|送|报)")
# "晚不晚", "过期了咋办", "还来得及吗", "最晚啥时候": whether it is late, i.e. the time limit.
_LATE = re.compile(r"晚(不晚|了吗|了没|了么|了不|了咋|了怎么|了还|没晚)|算晚|太晚|来得及|来不及|赶趟|赶得上|赶不上|"
                   r"过期|超期|逾期|超时|过了(期|日子|时间|时限)|期限|截止|最晚|最迟|耽误了|误了|错过|没赶上|"
                   # "有时间限制没有", "规定多少天以内": a deadline asked
                   # "过了一个月才去咋整", "超了俩礼拜再去报": going after a stretch has passed is being late
                   r"(过|超|超过|晚)了?([一二两俩三四五六七八九十半几]|好几|\d){1,3}(个)?(多)?(月|天|星期|礼拜|年)(多)?(才|再|以后|之后)(去|来|办|报|申报|上|交|登记)|"
                   r"时间.{0,2}(限制|要求|规定)|(限制|规定|要求)(的)?(时间|日子|天数)|(几|多少)(个)?(天|月)(之|以)内")
# "身份证过期了咋换", "社保卡到期了": a card that ran out is the matter (renewing it), not a late application.
_CARD_EXPIRED = re.compile(r"(证|卡|证件|驾照|照片)(已经|早就?|都|快)?(要)?(过期|到期|超期)")
# "过期了 换新的咋弄", "到期了得补办": the card's end told, with its renewal asked.
_RENEWED = re.compile(r"(过期|到期|超期)了?(?=.{0,8}(换新|换个新|换证|换卡|重新办|重办|续))")  # 过期了还能补办吗: late
# "提前弄啥手续", "得走哪些手续", "跑啥手续": the procedure gone through (steps); 带啥手续 stays papers.
_PROCEDURE_DONE = re.compile(r"(弄|办|走|跑|过)(啥|什么|哪些)手续")
# "还来得及不", "晚不晚", "还赶趟不" said with an age: whether one still may, i.e. who qualifies.
_STILL_IN_TIME = re.compile(r"来得及|来不及|晚不晚|晚了没|晚了吗|赶趟|赶得上|还能(补)?(交|缴|参保|办|上)")
_TIME_ASKED = re.compile(f"{_TIME.pattern}|{_LATE.pattern}|{_SOON}|{_WHEN_EXPECTED}")
# "上那办", "去那交": voice input writes 哪 as 那; only a short question ending so, never "在那办好了".
_WHERE_VOICE = re.compile(r"^.{0,4}(上|去|到|在)那(儿|里)?(办|交|领|弄|申请|报)(呀|啊|呢)?$")
# "找村里谁交", "跟镇上哪个人办", "交给谁": the person or office to go to.
_WHERE_WHOM = re.compile(r"(找|跟|交给|问)(村里|村上|镇上|镇里|乡里|乡镇|县里|上面)?(的)?(谁|哪个人|哪位)(交|缴|办|问|报|弄|申请)?(啊|呀|呢)?$")
# "找村里还是去镇上", "在县里办还是乡里": a choice between places is the place asked.
_PLACE = r"(村里|村委|村上|镇上|镇里|乡里|乡镇|县里|县城|城里|街道|派出所|医院|民政|社保局|便民服务中心|服务中心|大厅|网上|手机上)"
_PLACE_CHOICE = re.compile(_PLACE + r".{0,4}还是.{0,4}" + _PLACE)
# "非得去派出所", "只能上县里办吗", "村里不能给办吗", "镇上能办不": a place put as a question (must one go
# there, does that one do it) is where it is done (a place on the net is _ONLINE's, below).
_OFFICE = r"(村里|村委会?|村上|镇上|镇里|乡里|乡镇|县里|县城|城里|街道|派出所|医院|卫生院|民政|社保局|便民服务中心|服务中心|大厅)"
_PLACE_PUT = re.compile(r"(非得|必须|只能|一定得|一定要|还得|就得)(去|到|上|跑)(趟)?" + _OFFICE + "|" + _OFFICE +
                        r"(就|也)?(不能|能不能|能|可以|可不可以|不给|给不给|管不管|不管)(给)?"
                        r"(办|交|弄|上|报|申请|管)(吗|不|么|呀|啊|呢|了吗)$")
_PATTERNS = {"phone": _PHONE, "materials": _MATERIALS, "time": _TIME_ASKED,
             "where": re.compile(f"{_WHERE_VOICE.pattern}|{_WHERE_WHOM.pattern}|{_PLACE_CHOICE.pattern}"),
             "who": re.compile(f"{_WHO.pattern}|{_OWN_CASE.pattern}"), "steps": re.compile(f"{_VISITS.pattern}|{_FIRST_STEP.pattern}")}
_PATTERNS["materials"] = re.compile(f"{_MATERIALS.pattern}|{_PAPER_NEEDED.pattern}")


# Each part's words with the characters they start with: a part none of whose first characters
# is in the text has none of its words there either, and its word-by-word test is passed over.
# How far a thing has got (办到哪了, 弄到哪一步, 走到哪步了): progress, not the place.
# "交医保的 到哪一步了", "到啥地步了": the step reached, said without the verb, is progress too.
_HOW_FAR = re.compile(r"((办|弄|走|进行|批|跑|处理|审)到哪(一步|步|儿|里)?|到(了)?(哪一步|哪步|啥地步|什么地步|什么程度|啥程度))(了|啦)?")
# Money spent told as one's burden (花钱多, 花了不少钱, 花钱花得厉害): the situation, no fee asked.
_BURDEN = re.compile(r"花(了|的)?钱(花得|花的)?(太|真|挺|可|老|特别|忒)?(多|不少|厉害|海了)(了|啊)?|花了(不少|好多|很多|一大笔)(钱)?")
_PART_WORDS_STARTS = tuple((part, keys, frozenset(k[0] for k in keys)) for part, keys in _PART_WORDS)


@lru_cache(maxsize=512)  # pure; several readers ask about one message
def asked_part(text: str, followup: bool = False) -> str | None:
    """The part of a guide `text` asks for, or None (not about a part).

    `followup`: the guide's first screen was shown already, so a general "how" asks the steps.
    """
    words = _DURATION_TOLD.sub("", strip_punctuation(to_simplified_halfwidth(without_given_phone(text))))  # 低保電話多少
    words = _CARD_EXPIRED.sub(r"\1", words)
    words = _RENEWED.sub("", words)  # 过期了 换新的咋弄: the renewal is the matter, not a late application
    words = _BURDEN.sub("", words)  # 看病花钱多 医疗救助咋申请: the money spent is the case, not a fee asked
    words = _HOW_FAR.sub("", words)  # 托恁们办的高龄津贴办到哪了: how far it has got, no place asked
    words = _PROCEDURE_DONE.sub(r"\1\2程序", words)  # 提前弄啥手续: the steps to go through, not papers
    if _AGE.search(words) and _STILL_IN_TIME.search(words):
        return "who"  # "俺今年五十八了 现在再交还来得及不": an age put against the rules
    if not words:
        return None
    if _PLACE_PUT.search(words):
        return "where"  # "非得去派出所？村里不能给办吗": whether a place (another one) does it is the place asked
    if _ONLINE.search(words) and not any(k in words for k in ("电话", "号码", "多少钱", "多久", "材料")):
        return None  # asked of the guide's text (handlers/guide_questions.py), not of a part
    if _HAND_IN_WHERE.search(words):
        return "where"  # "在哪交材料": where the papers go, not which papers
    if _receives_by_rule(words):
        return "who"
    for part, keys, starts in _PART_WORDS_STARTS:
        if (not starts.isdisjoint(words) and any(k in words and _asks_with(words, k) for k in keys)) \
                or _PATTERNS.get(part, _NEVER).search(words):
            if part == "cost" and _BENEFIT_AMOUNT.search(words) or part == "materials" and _RULES_ASKED.search(words):
                continue
            return part
    if _AGE.search(words) and (any(k in words for k in ("行不行", "行吗", "能不能", "可以吗", "中不中"))
                               or _STILL_ALLOWED.search(words)):
        return "who"  # "俺娘八十一了行不行", "俺都五十八了还能交不": an age put against the rules
    if len(words) >= MIN_CASE_CHARS and _CASE_THEN_OK.search(words):
        return "who"
    if _AGE_TOLD.search(words) and _ASKS_OF_CASE.search(words):
        return "who"  # "那俺娘才七十五呢", "俺爹都八十多了 有没有份": an age put against the rules
    if followup and any(k in words for k in _HOW):
        return "steps"
    return None


def _receives_by_rule(words: str) -> bool:
    """Paying first, then receiving ("交几年能领"), or the age one receives at: who qualifies.
    A number or a place asked in the same words is asked first ("交到哪", "交多少钱能领")."""
    if any(k in words for k in ("电话", "号码", "去哪", "在哪", "上哪", "到哪")):
        return False
    paid = _PAID_THEN_RECEIVED.search(words) and not _DURATION_ASKED.search(words)
    if paid and not re.search(r"多少钱|交多少(?!年)|几百|几千", words):  # 交多少年才能领: years paid, no sum
        return True
    return bool(_AGE_ASKED.search(words))


# "能办下来吗" asks the time; "证办下来能领补贴不" tells a condition and asks something after it.
_ENDING_KEYS = frozenset({"能办好", "办下来", "批下来"})


def _asks_with(words: str, key: str) -> bool:
    return key not in _ENDING_KEYS or words.rfind(key) + len(key) >= len(words) - 3


def asks_amount(text: str) -> bool:
    """"给多少钱", "一个月发多少": what the benefit pays (the guide's first screen), not a fee."""
    return bool(_BENEFIT_AMOUNT.search(strip_punctuation(text)))


# A fee text that also tells how much is paid out or how it is set ("补助标准以…公布为准", "报销比例").
_AMOUNT_IN_COST = re.compile(r"标准|比例|档次|金额|\d+元")


def cost_tells_amount(cost: str) -> bool:
    """The guide's money line speaks of the amount (a standard, a share), not only of fees: it is
    the answer to "补多少钱" once the first screen, which names no sum, has been read."""
    return bool(_AMOUNT_IN_COST.search(cost))


def without_part_words(text: str) -> str:
    """`text` with every word that asks for a part taken out: what is left names the matter."""
    words = strip_punctuation(text)
    for _, keys in _PART_WORDS:
        for key in sorted(keys, key=len, reverse=True):
            words = words.replace(key, "")
    for pattern in _PATTERNS.values():
        words = pattern.sub("", words)
    return words
