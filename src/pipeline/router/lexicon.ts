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
  /\bwhat\s+(?:does|do|did)\s+(?:it|this|that|they|these|those|the\s+[\w\s]{1,30}?|\w+)\s+(?:say|read)\b/,
  /\bwhat(?:'s| is| was| are)?\s+written\b/,
  /\bwhat(?:'s| is| are)\s+the\s+(?:text|words|writing|numbers?)\b/,
  /\btext\s+(?:recognition|extraction)\b/,
  /识别.{0,8}?(?:文字|字|文本)|文字识别|(?:提取|读取|读出|抄下|转录).{0,6}(?:文字|字|文本|内容)|(?:文字|文本)(?:提取|识别)/,
  /(?:读|念)(?:一下|出来?)?.{0,4}(?:文字|字|文本|上面)/,
  /写(?:的|了|着)(?:是)?(?:什么|啥)|(?:什么|啥)字|上面(?:写|的字)|(?:文字|文本|字)(?:内容)?是(?:什么|啥)|转录|抄写/,
];

/** Reading plus meaning ("what does the text mean", "翻译") is a question for the model. */
export const MEANING = /\b(?:mean|means|meaning|translate|translation)\b|意思|翻译|含义/;

export const EDGES = [
  /\bcanny\b|\bedge\s*(?:map|detection|detector|image|filter)s?\b|\bedge detect/,
  /\b(?:detect|find|show(?: me)?|extract|get|compute|trace)\s+(?:the\s+|all\s+(?:the\s+)?)?edges\b|^edges?$/,
  /边缘(?:检测|图|提取)|(?:检测|提取|找出?|显示)边缘|^边缘$|提取线稿/,
];

export const DEPTH = [
  /\bdepth\s*(?:map|estimation|image|estimate|prediction)s?\b|\bdisparity\b|^depth$/,
  /\b(?:estimate|predict|compute|show|get)\s+(?:the\s+|a\s+)?depth\b(?!\s+of\s+field)/,
  /深度(?:图|估计|预测|信息)|估计深度|^深度$/,
];

export const SEGMENT = [
  /\bsegment(?:ation|s)?\b|\bcut\s+out\b|\bcutout\b|\bisolate\b/,
  /\b(?:make|create|get|give me|generate|compute|output)\s+(?:a\s+|the\s+)?(?:segmentation\s+)?masks?\b|\bmasks?\s+(?:of|for|out)\b|\bmask\s+(?:the|all)\b/,
  /\bextract\s+(?:the|all|every|each)\s+(?!text|words|edges)\w/,
  /分割|抠(?:出|下)|把.{1,12}抠(?:出来|下来)?|蒙版|遮罩|掩膜/,
];

export const DETECT = [
  /\bdetect(?:ion|s)?\b|\bbounding\s+box(?:es)?\b|\b(?:draw|put)\s+(?:a\s+)?box(?:es)?\s+(?:around|on)\b|\bbox\s+(?:all|every|each|the)\b/,
  /\b(?:find|locate|spot|mark|highlight|circle|label|point out|pinpoint)\s+(?:all|every|each|any|the|where)\b/,
  /^(?:find|locate|spot)\s+\w/,
  /检测|框出|框选|框起来|标出|标注|标记出?|圈出|找出|找到|定位|(?:识别|认出)出?(?:图中|图里|图片中|照片中|这张图里)?(?:所有|全部|每个)?的?(?:物体|对象|东西|目标)/,
];

export const POSTER = /\bposters?\b|\bflyers?\b|\bleaflets?\b|\bplacards?\b|海报|传单|宣传(?:画|单|图)|招贴/;

/** Questions whose first word makes them questions (after politeness is stripped). */
export const STRONG_QUESTION = [
  /^(?!what an?\s|(?:how|what) about\b|what if\b)(?:what|what's|whats|why|how|who|who's|whose|which|where|where's|when|is|are|was|were|isn't|aren't|does|did|do you|tell me|explain|describe|identify|guess|name the)\b/,
  /^(?:see|check)\s+(?:if|whether)\b/,
  /\b(?:what kind of|what breed|what type|what colou?r|what species|what model|what brand)\b/,
  /什么|啥|哪(?:里|儿|个|些|种|位|只|国|年)|谁|为什么|为啥|多少|是否|是不是|有没有|多大|多久|多高|多远|几岁/,
];

export const WEAK_QUESTION = /[?？]|吗|呢|\b(?:what|why|how|who|which|where|whether)\b|怎么|如何|怎样/;

export const DESCRIBE =
  /\b(?:describe|description|caption|captions|explain|summari[sz]e|summary|analy[sz]e|analysis|interpret|identify|recogni[sz]e|tell me about|thoughts|opinion|rate|review|critique|comment on)\b|描述|说明|介绍|讲讲|说说|看看|看一下|分析|解释|评价|点评|识别|认一下/;

/** Chinese edit verbs and looks ("把...改成", "变成", "加上", "复古"). */
export const ZH_EDIT =
  /把|改成|改为|改一下|修改|变成|变为|变得|转成|转换成|换成|换为|换一?个|替换|加上|加个|加一|加点|添加|加入|增加|去掉|去除|删除|删掉|移除|抹掉|擦掉|消除|调亮|调暗|调高|调低|调整|提高|降低|[亮暗]一(?:点|些)|(?:更|再)(?:亮|暗|清晰|鲜艳|暖|冷)|旋转|翻转|镜像|裁剪|裁切|剪裁|模糊|锐化|黑白|灰度|上色|着色|复古|怀旧|老照片|滤镜|风格|背景|字幕|水印|配字|写上|[pP](?:成|一下)|修图|美化|放大|缩小|抠图|去背景|动漫|卡通|水彩|油画|素描|像素风|赛博朋克|做成|弄成|画成/;

/** Edit phrasing when an image is there (broad: the image makes edits likely). */
export const EDIT_WITH_IMAGE = [
  /\b(?:make|turn|change|convert|transform|replace|swap|remove|delete|erase|add|insert|put|place|colou?ri[sz]e|recolou?r|grayscale|greyscale|desaturate|saturate|brighten|darken|lighten|crop|rotate|flip|mirror|resize|upscale|downscale|enlarge|shrink|blur|sharpen|denoise|enhance|fix|restore|retouch|apply|invert|zoom|stylize|stylise|edit|adjust|increase|decrease|reduce|boost|tint|get rid of)\b/,
  /^(?:how|what) about\b|^what if\b|\btry\s+(?:it|this|that|again|another)\b|\bgive\s+(?:it|him|her|them|the|this|everyone|everybody)\b|\b(?:draw|paint)\s+(?:it|him|her|them|this)\b|\b(?:draw|paint|write)\s+.{1,40}?\s+(?:on|onto|across|over)\s+(?:it|him|her|them|this|the)\b|\bwrite\s+.{0,40}?\s*(?:at|in)\s+the\s+(?:top|bottom|corner)\b/,
  /\b(?:vintage|retro|sepia|noir|black\s*(?:and|&|n)\s*white|b&w|monochrome|anime|manga|cartoon|pixar|ghibli|watercolou?r|oil painting|pencil sketch|pixel art|cyberpunk|steampunk|van gogh|ukiyo-?e|polaroid|comic book|19th[- ]century|old photo|brighter|darker|warmer|cooler|sharper|more (?:vivid|saturated|contrast|colorful|colourful)|less (?:saturated|bright|dark|contrast)|in the style of|style|filter|look like|background|watermark)\b|\bwithout\s+(?:the|his|her|their|any)\b/,
  ZH_EDIT,
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

/** Lead-ins of a request to draw something new. */
export const DRAW_LEAD =
  /^(?:draw|paint|sketch|illustrate|render|generate|create|make|design|imagine|visuali[sz]e|show me|give me|produce|i want|i'd like|i would like|can i (?:get|have)|picture)\b|^(?:画|绘制|绘画|生成|创作|创建|做|制作|来一|我想要|我要|想要)/;
