// The 80 COCO classes in the detector's output order, with the words people
// use for them in English and Chinese (targets, summaries).

export interface CocoClass {
  /** COCO name, as the model's class index maps to it. */
  label: string;
  plural: string;
  /** Simplified Chinese name. */
  zh: string;
  /** Chinese measure word used when counting ("2 只狗"). */
  measure: string;
  /** Other English words and phrases that mean this class (singular). */
  synonyms: readonly string[];
  /** Other Chinese words that mean this class. */
  zhSynonyms: readonly string[];
}

type Row = [label: string, plural: string, zh: string, measure: string, synonyms?: string[], zhSynonyms?: string[]];

// One row per class, in model output order (class index = row index).
const ROWS: readonly Row[] = [
  [
    'person',
    'people',
    '人',
    '个',
    [
      'man',
      'woman',
      'men',
      'women',
      'boy',
      'girl',
      'child',
      'kid',
      'human',
      'persons',
      'pedestrian',
      'guy',
      'lady',
      'baby',
    ],
    ['行人', '男人', '女人', '孩子', '小孩', '人物', '男孩', '女孩'],
  ],
  ['bicycle', 'bicycles', '自行车', '辆', ['bike', 'cycle'], ['单车', '脚踏车']],
  ['car', 'cars', '汽车', '辆', ['automobile', 'vehicle', 'sedan', 'suv'], ['小汽车', '轿车']],
  ['motorcycle', 'motorcycles', '摩托车', '辆', ['motorbike', 'moped', 'scooter'], ['机车', '电动车']],
  ['airplane', 'airplanes', '飞机', '架', ['plane', 'aeroplane', 'jet', 'aircraft']],
  ['bus', 'buses', '公交车', '辆', ['coach'], ['巴士', '大巴', '公共汽车']],
  ['train', 'trains', '火车', '列', ['locomotive', 'tram'], ['列车', '高铁']],
  ['truck', 'trucks', '卡车', '辆', ['lorry', 'pickup', 'van'], ['货车']],
  ['boat', 'boats', '船', '艘', ['ship', 'sailboat', 'canoe', 'yacht'], ['小船', '轮船']],
  ['traffic light', 'traffic lights', '红绿灯', '个', ['traffic signal', 'stoplight'], ['交通灯', '信号灯']],
  ['fire hydrant', 'fire hydrants', '消防栓', '个', ['hydrant']],
  ['stop sign', 'stop signs', '停车标志', '个', [], ['停止标志']],
  ['parking meter', 'parking meters', '停车计时器', '个'],
  ['bench', 'benches', '长椅', '张', [], ['长凳']],
  ['bird', 'birds', '鸟', '只', ['pigeon', 'duck', 'seagull', 'parrot'], ['小鸟', '鸽子']],
  ['cat', 'cats', '猫', '只', ['kitten', 'kitty'], ['猫咪', '小猫']],
  ['dog', 'dogs', '狗', '只', ['puppy', 'doggy', 'hound'], ['小狗', '狗狗']],
  ['horse', 'horses', '马', '匹', ['pony'], ['骏马']],
  ['sheep', 'sheep', '羊', '只', ['lamb'], ['绵羊']],
  ['cow', 'cows', '牛', '头', ['cattle', 'bull', 'calf'], ['奶牛']],
  ['elephant', 'elephants', '大象', '头', [], ['象']],
  ['bear', 'bears', '熊', '只'],
  ['zebra', 'zebras', '斑马', '匹'],
  ['giraffe', 'giraffes', '长颈鹿', '只'],
  ['backpack', 'backpacks', '背包', '个', ['rucksack'], ['书包', '双肩包']],
  ['umbrella', 'umbrellas', '雨伞', '把', ['parasol'], ['伞']],
  ['handbag', 'handbags', '手提包', '个', ['purse', 'bag'], ['包', '手袋']],
  ['tie', 'ties', '领带', '条', ['necktie']],
  ['suitcase', 'suitcases', '行李箱', '个', ['luggage'], ['箱子', '旅行箱']],
  ['frisbee', 'frisbees', '飞盘', '个'],
  ['skis', 'skis', '滑雪板', '副', ['ski']],
  ['snowboard', 'snowboards', '单板滑雪板', '块'],
  [
    'sports ball',
    'balls',
    '球',
    '个',
    ['ball', 'football', 'soccer ball', 'basketball', 'tennis ball', 'baseball'],
    ['足球', '篮球'],
  ],
  ['kite', 'kites', '风筝', '只'],
  ['baseball bat', 'baseball bats', '棒球棒', '根', ['bat']],
  ['baseball glove', 'baseball gloves', '棒球手套', '只', ['glove', 'mitt']],
  ['skateboard', 'skateboards', '滑板', '块'],
  ['surfboard', 'surfboards', '冲浪板', '块'],
  ['tennis racket', 'tennis rackets', '网球拍', '把', ['racket', 'racquet']],
  ['bottle', 'bottles', '瓶子', '个', [], ['瓶']],
  ['wine glass', 'wine glasses', '酒杯', '个', ['glass'], ['高脚杯']],
  ['cup', 'cups', '杯子', '个', ['mug', 'coffee cup', 'teacup'], ['咖啡杯', '茶杯', '杯']],
  ['fork', 'forks', '叉子', '把'],
  ['knife', 'knives', '刀', '把', [], ['刀子', '餐刀']],
  ['spoon', 'spoons', '勺子', '把', [], ['汤匙', '调羹']],
  ['bowl', 'bowls', '碗', '个'],
  ['banana', 'bananas', '香蕉', '根'],
  ['apple', 'apples', '苹果', '个'],
  ['sandwich', 'sandwiches', '三明治', '个'],
  ['orange', 'oranges', '橙子', '个', [], ['橘子']],
  ['broccoli', 'broccoli', '西兰花', '棵', [], ['西蓝花']],
  ['carrot', 'carrots', '胡萝卜', '根'],
  ['hot dog', 'hot dogs', '热狗', '个', ['hotdog']],
  ['pizza', 'pizzas', '披萨', '个', [], ['比萨']],
  ['donut', 'donuts', '甜甜圈', '个', ['doughnut']],
  ['cake', 'cakes', '蛋糕', '个'],
  ['chair', 'chairs', '椅子', '把', ['seat', 'stool']],
  ['couch', 'couches', '沙发', '张', ['sofa']],
  ['potted plant', 'potted plants', '盆栽', '盆', ['plant', 'houseplant', 'flowerpot'], ['植物', '盆景']],
  ['bed', 'beds', '床', '张'],
  ['dining table', 'dining tables', '餐桌', '张', ['table', 'desk'], ['桌子']],
  ['toilet', 'toilets', '马桶', '个', [], ['厕所']],
  ['tv', 'TVs', '电视', '台', ['television', 'monitor', 'screen', 'tv set'], ['电视机', '显示器']],
  ['laptop', 'laptops', '笔记本电脑', '台', ['notebook computer', 'computer'], ['电脑', '笔记本']],
  ['mouse', 'mice', '鼠标', '个', ['computer mouse']],
  ['remote', 'remotes', '遥控器', '个', ['remote control']],
  ['keyboard', 'keyboards', '键盘', '个'],
  ['cell phone', 'cell phones', '手机', '部', ['phone', 'cellphone', 'smartphone', 'mobile phone', 'iphone'], ['电话']],
  ['microwave', 'microwaves', '微波炉', '台'],
  ['oven', 'ovens', '烤箱', '台', ['stove'], ['烤炉']],
  ['toaster', 'toasters', '烤面包机', '台'],
  ['sink', 'sinks', '水槽', '个', ['basin'], ['水池', '洗手池']],
  ['refrigerator', 'refrigerators', '冰箱', '台', ['fridge']],
  ['book', 'books', '书', '本', [], ['书本', '书籍']],
  ['clock', 'clocks', '时钟', '个', [], ['钟', '挂钟']],
  ['vase', 'vases', '花瓶', '个'],
  ['scissors', 'scissors', '剪刀', '把'],
  ['teddy bear', 'teddy bears', '泰迪熊', '只', ['teddy', 'stuffed animal', 'plush'], ['玩具熊', '毛绒玩具']],
  ['hair drier', 'hair driers', '吹风机', '个', ['hair dryer', 'hairdryer', 'blow dryer'], ['电吹风']],
  ['toothbrush', 'toothbrushes', '牙刷', '把'],
];

export const COCO_CLASSES: readonly CocoClass[] = ROWS.map(([label, plural, zh, measure, synonyms, zhSynonyms]) => ({
  label,
  plural,
  zh,
  measure,
  synonyms: synonyms ?? [],
  zhSynonyms: zhSynonyms ?? [],
}));

const BY_LABEL = new Map(COCO_CLASSES.map((c) => [c.label, c]));

/** The class with this COCO name, or undefined. */
export function cocoClass(label: string): CocoClass | undefined {
  return BY_LABEL.get(label);
}

/** The COCO kinds that are animals ("the animals", a crop that must not cut one, a photo's subject). */
export const COCO_ANIMALS: readonly string[] = [
  'bird',
  'cat',
  'dog',
  'horse',
  'sheep',
  'cow',
  'elephant',
  'bear',
  'zebra',
  'giraffe',
];
