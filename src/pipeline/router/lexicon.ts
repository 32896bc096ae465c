// The phrases that signal each intent, in English and Chinese. Patterns run on
// folded text (lower case, half-width, quotes masked), see normalize.ts.

/** Greetings and fillers before the real instruction ("ok now make it ..."). */
export const FILLER_LEAD =
  /^(?:(?:hey|hi|hello|yo|ok|okay|alright|and|also|hmm+|好的?|那)(?:\s+|[,，!！.。~～]+\s*|$)|(?:你好|您好|嗨|哈喽)[,，!！.。~～\s]*)+/;

/** "Now ..." in a reply means: change what you just made. */
export const NOW_LEAD = /^(?:(?:and\s+|ok\s+|okay\s+)?now|next|then|现在|然后|接着)(?:\s+|[,，]\s*)/;

/** Bot-directed politeness around the instruction. */
export const POLITE_LEAD = [
  /^(?:please|pls|plz|kindly)\b[\s,]*/,
  /^(?:can|could|would|will)\s+(?:you|u)\b(?:\s+please)?[\s,]*/,
  /^(?:i(?:'d| would) like you to|i (?:want|need) you to|help me(?: to)?|let'?s|go ahead and|try to|try and)\s+/,
  /^(?:请你?|麻烦你?|劳驾|帮我|帮忙|给我|替我|为我|你能不能|能不能|能否|可不可以|你可以|可以|你能|能(?=[把给帮将替识检框标圈找读看告说描翻提生画做分抠去删加换变改调]))\s*/,
];

/** Politeness at the end ("..., please", "...吗？"). */
export const POLITE_TAIL =
  /(?:(?:^|[\s,，]+)(?:please|pls|plz|thanks|thank you|thx|for me)|[\s,，]*(?:谢谢|谢啦|好吗|好不好|可以吗|行吗|行不行|吗|吧|呢|哦|呀|啊))+[\s.!?。！？~～]*$|[\s.!?。！？~～]+$/;

export const HELP =
  /^(?:help|\?+|commands|usage|menu|info|about|start|what can you do|what do you do|what are you|who are you|how (?:do i|to|does this|does it) (?:use|work)(?: (?:you|this|it|this bot|the bot))?|how does this work|what can i (?:do|ask)|hi|hello|hey|thanks|thank you|帮助|使用说明|怎么用|如何使用|你(?:能|会|可以)(?:做|干)?(?:什么|啥)|你是谁|功能|指令|命令|你好|您好|嗨|谢谢)[\s?？!！.。~～]*$/;

/** Thanks and reactions: in a reply they are chat, not an instruction to edit. */
export const ACKNOWLEDGE =
  /^(?:thanks|thank you|thx|ty|lol|lmao|haha+|nice|cool|wow|great|awesome|perfect|love it|amazing|beautiful|ok|okay|good|谢谢|谢啦|多谢|好的|不错|厉害|哈哈+|牛|赞|好看|太棒了|真棒)(?:[\s,，!！.。~～]+(?:thanks|thank you|谢谢)?)*[\s!！.。~～]*$/;

/** "how many" is a question for the model, not a detection (DESIGN.md). */
export const HOW_MANY = /\bhow many\b|^count\b|^数一?数|有?(?:几|多少)(?:个|只|位|辆|人|种|条|张|头|匹|棵|件|名|本|块)/;

export const OCR = [
  /\bocr\b/,
  /\btranscribe\b|\btranscription\b/,
  /\b(?:read|extract|copy|pull|grab|get|recogni[sz]e|scan)\b(?:\s+[\w']+){0,3}?\s+(?:text|texts|words?|writing|letters|characters|numbers|digits|signs?|labels?|menu|receipt|handwriting|notes?|plate|subtitles?|lyrics)\b/,
  /\bread\s+(?:it|this|that|me|out|aloud|everything|what)\b/,
  // Any determiner: "what does this sign say" is the same request as "what does the sign say".
  /\b(?:what|wat|waht|wht)(?:'s|s|\s+(?:does|do|did))\s+(?:(?:the|this|that|these|those|my|his|her|their|its|your|a)\s+[\w\s-]{1,30}?|\w+)\s+(?:say|says|read|reads)\b/,
  /\bwhat(?:'s|s| is| are)\s+(?:on|written on|printed on)\s+(?:the|this|that|these|those|my)\s+(?:sign|signs|menu|label|receipt|note|notes|whiteboard|board|blackboard|banner|plate|page|paper|ticket|screen|slide|sticker|card|letter|document|poster|box|package|bottle|form)\b/,
  /\b(?:tell me|say|know)\s+what\s+(?:the|this|that|these|those|it|my)\b[\w\s-]{0,30}?\s+(?:says|say|reads)\b/,
  /\btype\s+(?:it\s+|this\s+|that\s+)?(?:out|up)\b|\bcopy\s+(?:the\s+)?(?:text|words)\b/,
  /\bwhat(?:'s| is| was| are)?\s+written\b/,
  /\bwhat(?:'s| is| are)\s+the\s+(?:text|words|writing|numbers?)\b/,
  /\btext\s+(?:recognition|extraction)\b/,
  /识别.{0,8}?(?:文字|字|文本)|文字识别|(?:提取|读取|读出|抄下|转录).{0,6}(?:文字|字|文本|内容)|(?:文字|文本)(?:提取|识别)/,
  /(?:读|念)(?:一下|出来?)?.{0,4}(?:文字|字|文本|上面)/,
  /^(?:读|念)(?:一下|一遍|出来)?(?:这个|这张|这份|上面的?|图里的?)?(?:菜单|牌子|招牌|标牌|单子|小票|发票|收据|说明书|标签|截图|通知)/,
  /写(?:的|了|着)(?:是)?(?:什么|啥)|(?:什么|啥)字|上面(?:写|说|的字)|(?:文字|文本|字)(?:内容)?是(?:什么|啥)|转录|抄写/,
  /(?:文字|字)(?:都)?(?:给我)?(?:打|敲|抄|复制|扒|弄|读|念)(?:出来|下来|一下)|(?:打|敲|抄|复制|扒)出(?:上面|图里|图中)?的?(?:文字|字)/,
];

/** Reading plus meaning ("what does the text mean", "翻译") is a question for the model. */
export const MEANING = /\b(?:mean|means|meaning|translate|translation)\b|意思|翻译|含义/;

export const EDGES = [
  /\bcanny\b|\bedge\s*(?:map|detection|detector|image|filter)s?\b|\bedge detect/,
  /\b(?:detect|find|show(?: me)?|extract|get|give me|compute|trace)\s+(?:the\s+|all\s+(?:the\s+)?)?edges\b|^edges?$/,
  // "the outlines" of a whole picture is an edge map; "outline the car" (a target) is a segmentation.
  /\boutlines\b|\boutline\s+(?:map|drawing|image|sketch|only|view)\b|^outline(?:\s+(?:it|this|everything|the\s+(?:whole\s+)?(?:image|photo|picture|pic|scene)))?$/,
  /边缘(?:检测|图|提取|线)|(?:检测|提取|找出?|显示)边缘|提取线稿|线稿图|^线稿$|轮廓(?:图|线)|(?:提取|显示|给我|画出|勾勒出?)(?:图片?的|所有的?|整张图的)?轮廓$|^轮廓$/,
];

export const DEPTH = [
  /\bdepth\s*(?:map|estimation|image|estimate|prediction)s?\b|\bdisparity\b|^depth(?:\s+(?:pls|plz|please))?$/,
  /\b(?:estimate|predict|compute|show|get|give|see|calculate)(?:\s+(?:me|us))?\s+(?:the\s+|a\s+|its\s+)?depth\b(?!\s+of\s+field)/,
  /\bhow\s+far\s+away\s+(?:is\s+)?(?:everything|each thing)\b|\bwhat(?:'s| is)\s+(?:near|close)\s+and\s+(?:what(?:'s| is)\s+)?far\b/,
  /深度(?:图|估计|预测|信息)|(?:估计|显示|看看?|看一下|算一?下|给我)深度|^深度$|远近(?:关系|图)|距离图/,
];

export const SEGMENT = [
  /\bsegment(?:ation|s)?\b|\bcut\s+out\b|\bcutout\b|\bisolate\b/,
  /\b(?:make|create|get|give me|generate|compute|output)\s+(?:a\s+|the\s+)?(?:segmentation\s+)?masks?\b|\bmasks?\s+(?:of|for|out)\b|\bmask\s+(?:the|all)\b/,
  /\bextract\s+(?:the|all|every|each)\s+(?!text|words|edges)\w/,
  /\boutline\s+(?:the\s+|all\s+(?:the\s+)?|every\s+|each\s+|my\s+|that\s+|those\s+|these\s+)?(?!(?:it|this|image|photo|picture|pic|scene|everything|whole|map|drawing|sketch|only|view)\b)[a-z\u4e00-\u9fff]/,
  /分割|抠(?:出|下)|把.{1,12}抠(?:出来|下来)?|蒙版|遮罩|掩膜|(?:描|勾|画)出?.{1,12}的轮廓|把.{1,12}的?轮廓(?:描|勾|画)(?:出来)?/,
];

export const DETECT = [
  /\bdetect(?:ion|s)?\b|\bbounding\s+box(?:es)?\b|\b(?:draw|put)\s+(?:a\s+)?box(?:es)?\s+(?:around|on)\b|\bbox\s+(?:all|every|each|the)\b/,
  /\b(?:find|locate|spot|mark|highlight|circle|label|tag|point out|pinpoint)\s+(?:all|every|everything|everyone|each|any|the|where|my|what)\b/,
  /^(?:find|locate|spot|label|tag|circle|highlight)\s+\S|\bpoint\s+(?:at|to|out)\b|\bshow\s+(?:me\s+)?where\b/,
  /检测|框出|框选|框起来|标出|标注|标记|标一下|标上|圈出|圈起来|圈一下|框一下|找出|找到|找一下|找下|^找找|指出|定位|(?:识别|认出)出?(?:图中|图里|图片中|照片中|这张图里)?(?:所有|全部|每个)?的?(?:物体|对象|东西|目标)/,
];

/** "Where is X" with an image is a grounding request (find a thing by its description); without one it is a question. */
export const GROUND = [
  /^(?:(?:so|and|ok|okay)\s+)?(?:wh?ere|whre|wher)(?:'s|s|\s+is|\s+are|\s+r)\s+(?!(?:this|that|it|these|those|we|you|i|they|he|she|here|there)\b)(?!(?:the|this|that)\s+(?:image|photo|picture|pic|place|location|scene|shot)\b)(?:(?:the|my|a|an|all\s+the)\s+)?[a-z\u4e00-\u9fff]/,
  /(?<![这那是我你她他它])在(?:哪|图(?:中|里|片里)?的?哪|什么(?:地方|位置))/,
];

/**
 * "Find the giraffe's head", "找到红色的伞": one described thing, so grounding with an image. "Find all the
 * people", "找出所有的人" and marking words ("label the dogs") stay detection.
 */
export const FIND_ONE = [
  /\b(?:find|locate|spot|pinpoint|point\s+(?:out|to|at)|show\s+(?:me\s+)?where)\s+(?!(?:all|every|each|any|everything|everyone|everybody|anything|objects?|things?|what|how|edges?|outlines?|text|words?)\b)(?:(?:the|my|a|an|this|that|his|her|their|our|your)\s+)?[a-z\u4e00-\u9fff]/,
  /(?:找到|找一下|找下|找出来?|定位|指出)(?:一下)?(?!.{0,6}(?:所有|全部|每个|每一|一切|物体|东西|对象|目标))/,
];

export const POSTER = /\bposters?\b|\bflyers?\b|\bleaflets?\b|\bplacards?\b|海报|传单|宣传(?:画|单|图)|招贴/;

/** A banner, sign, card or cover "that says ...": text to typeset, so a poster. */
export const SAYS_POSTER = [
  /\b(?:banner|sign|signboard|billboard|card|cover|flyer|invitation|invite|ticket|label|sticker|header|thumbnail|menu|badge|notice|postcard|greeting card|book cover|album cover)s?\b.{0,40}?(?:\b(?:that|which)\s+(?:says?|reads?)\b|\bsays\b|\bsaying\b|\breading\b|\bwith\s+(?:the\s+)?(?:text|words?|title|slogan|headline)\b|\btitled\b|[:：]\s*["“'「])/,
  /(?:横幅|条幅|招牌|牌子|标牌|门牌|牌匾|指示牌|告示|卡片|贺卡|明信片|封面|邀请函|请柬|门头|标语|\b(?:banner|sign|card|cover|flyer|logo)s?\b).{0,16}?(?:写着|上面写|上写|写上|文字是|字样|标题是)|写着.{1,40}?的(?:横幅|条幅|招牌|牌子|标牌|门牌|牌匾|指示牌|告示|卡片|贺卡|明信片|封面|邀请函|请柬|标语)/,
];

/** Lead-ins that put text onto the attached image: an edit even when a sign "says" something. */
export const ADD_LEAD = /^(?:add|put|write|place|insert|stick|加|添加|加上|写上|放)/;

/** Questions whose first word makes them questions (after politeness is stripped). */
export const STRONG_QUESTION = [
  /^(?!what an?\s|(?:how|what) about\b|what if\b)(?:what|what's|whats|why|how|who|who's|whose|which|where|where's|when|is|are|was|were|isn't|aren't|does|did|do you|tell me|explain|describe|identify|guess|name the)\b/,
  /^(?:see|check)\s+(?:if|whether)\b/,
  /\b(?:what kind of|what breed|what type|what colou?r|what species|what model|what brand)\b/,
  /什么|啥|干嘛|哪(?:里|儿|个|些|种|位|只|国|年)|在哪|谁|为什么|为啥|多少|是否|是不是|有没有|多大|多久|多高|多远|几岁/,
];

export const WEAK_QUESTION = /[?？]|吗|呢|\b(?:what|why|how|who|which|where|whether)\b|怎么|如何|怎样/;

export const DESCRIBE =
  /\b(?:describe|description|caption|captions|explain|summari[sz]e|summary|analy[sz]e|analysis|interpret|identify|recogni[sz]e|tell me about|thoughts|opinion|rate|review|critique|comment on)\b|描述|说明|介绍|讲讲|说说|看看|看一下|分析|解释|评价|点评|识别|认一下/;

/** "今天天气怎么样": a question when nothing else claimed it (with an image, "改成这样怎么样" is an edit). */
export const ZH_HOW = /怎么样|咋样|怎样/;

/** Chinese edit verbs and looks ("把...改成", "变成", "加上", "复古"). */
export const ZH_EDIT =
  /把|改成|改为|改一下|修改|变成|变为|变得|转成|转换成|换成|换为|换一?个|替换|加上|加个|加一|加点|添加|加入|增加|去掉|去除|删除|删掉|移除|抹掉|擦掉|消除|调亮|调暗|调高|调低|调整|提高|降低|[亮暗]一(?:点|些)|(?:更|再)(?:亮|暗|清晰|鲜艳|暖|冷)|旋转|翻转|镜像|裁剪|裁切|剪裁|模糊|锐化|黑白|灰度|上色|着色|复古|怀旧|老照片|滤镜|风格|背景|字幕|水印|配字|写上|[pP](?:成|一下)|修图|美化|放大|缩小|抠图|去背景|动漫|卡通|水彩|油画|素描|像素风|赛博朋克|做成|弄成|画成/;

/** Edit phrasing when an image is there (broad: the image makes edits likely). */
export const EDIT_WITH_IMAGE = [
  /\b(?:make|turn|change|convert|transform|replace|swap|remove|delete|erase|add|insert|put|place|colou?ri[sz]e|recolou?r|grayscale|greyscale|desaturate|saturate|brighten|darken|lighten|crop|rotate|flip|mirror|resize|upscale|downscale|enlarge|shrink|blur|sharpen|denoise|enhance|fix|restore|retouch|apply|invert|zoom|stylize|stylise|edit|adjust|increase|decrease|reduce|boost|tint|get rid of)\b/,
  /^(?:how|what) about\b|^what if\b|\btry\s+(?:it|this|that|again|another)\b|\bgive\s+(?:it|him|her|them|the|this|everyone|everybody)\b|\b(?:draw|paint)\s+(?:it|him|her|them|this)\b|\b(?:draw|paint|write)\s+.{1,40}?\s+(?:on|onto|across|over)\s+(?:it|him|her|them|this|the)\b|\bwrite\s+.{0,40}?\s*(?:at|in)\s+the\s+(?:top|bottom|corner)\b/,
  /\b(?:vintage|retro|sepia|noir|black\s*(?:and|&|n)\s*white|b&w|monochrome|anime|manga|cartoon|pixar|ghibli|watercolou?r|oil painting|pencil sketch|pixel art|cyberpunk|steampunk|van gogh|ukiyo-?e|polaroid|comic book|19th[- ]century|old photo|brighter|darker|warmer|cooler|sharper|more (?:vivid|saturated|contrast|colorful|colourful)|less (?:saturated|bright|dark|contrast)|in the style of|style|filter|look like|background|watermark)\b|\bwithout\s+(?:the|his|her|their|any)\b/,
  ZH_EDIT,
  // Several pictures made into one (edit steps that read several images).
  /\bside[-\s]*by[-\s]*side\b|\bstack(?:ed)?\b|\bbefore\s*(?:and|&|\/|vs\.?|versus)\s*after\b|\b(?:grid|collage|mosaic)\b|\bon top of each other\b|\b(?:next to|beside) each other\b|\bas\s+(?:the\s+|a\s+)?(?:background|backdrop)\b|并排|左右拼|上下拼|拼图|宫格|拼接|拼在一起|拼贴|前后对比|对比图|原图对比/,
];

/** Edit phrasing with no image: only unmistakable imperatives, so prompts to draw stay prompts. */
export const EDIT_WITHOUT_IMAGE = [
  /^(?:add|remove|replace|change|convert|turn|swap|delete|erase|recolou?r|colou?ri[sz]e|crop|rotate|flip|mirror|blur|sharpen|brighten|darken|lighten|enhance|upscale|downscale|resize|restore|retouch|fix|invert|desaturate|apply|zoom|edit|adjust|stylize|stylise|get rid of)\b/,
  /^(?:make|put|give)\s+(?:it|this|that|these|those|him|her|them|the|his|their|my|everything|everyone)\b/,
  /^(?:draw|paint)\s+(?:it|this|that|him|her|them|my)\b/,
  /^把/,
];

/** "This picture", "it": with a Chinese edit verb and no image, still an edit. */
export const ZH_DEICTIC = /这张|这幅|这个图|这图|图中|图里|它|他|她/;

/**
 * With an image attached, only an unmistakable ask for a new picture draws from scratch: "draw a dragon",
 * "a new picture of ...", "重新画一张". Anything else is about the image that came.
 */
export const NEW_PICTURE = [
  /^(?:draw|paint|sketch|illustrate|generate|render|imagine|create|make|design|give me|show me)\s+(?:me\s+|us\s+)?(?:a\s+(?:new|different|fresh|brand new)\b|another\s+(?:picture|image|photo|drawing|one)\b|something\s+(?:new|else)\b)/,
  /\b(?:new|separate|fresh)\s+(?:picture|image|photo|drawing|painting|illustration|pic)\b|\bfrom\s+scratch\b|\bignore\s+(?:the|this|my)\s+(?:image|photo|picture|pic)\b/,
  /重新画|重画|另画|新画|画一(?:张|幅)新的|(?:生成|画|来)一(?:张|幅)新|新的图|不用(?:这|那)张图|别管(?:这|那)张图/,
];

/** "draw a dragon", "画一只猫": a new picture too, unless words tie it to the image ("draw a hat on him"). */
export const DRAW_SOMETHING = [
  /^(?:draw|paint|sketch|illustrate|generate|imagine)\s+(?:me\s+|us\s+)?(?:an?|some|two|three|four|\d+)\s+(?!(?:box|boxes|bounding|circle|circles|line|lines|mask|outline|caption|description|arrow|border|frame)\b)/,
  /^(?:画|生成|绘制)(?:一|两|三|几)(?:只|个|张|幅|条|匹|头|位|朵|棵|座|辆|群|片)/,
];

/** Words that tie an instruction to the image at hand ("draw a hat on him"): then it is no new picture. */
export const DEICTIC =
  /\b(?:it|its|him|her|them|this|that|these|those|here)\b|\b(?:the|my)\s+(?:image|photo|picture|pic)\b|它|他|她|这张|这幅|这个|图里|图中|图上|上面|把|照片/;

/** Lead-ins of a request to draw something new. */
export const DRAW_LEAD =
  /^(?:draw|paint|sketch|illustrate|render|generate|create|make|design|imagine|visuali[sz]e|show me|give me|produce|i want|i'd like|i would like|can i (?:get|have)|picture)\b|^(?:画|绘制|绘画|生成|创作|创建|做|制作|来一|我想要|我要|想要)/;
