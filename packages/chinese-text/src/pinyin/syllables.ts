/**
 * The 405 toneless syllables of Mandarin as pinyin-pro writes them (ü as v: lv, nve), vowel-less
 * interjections (m, ng) left out so that initials such as "mng" are not read as pinyin.
 * test/pinyin.test.ts checks this table against pinyin-pro's own dictionary.
 */
const SYLLABLES: ReadonlySet<string> = new Set(
  `
  a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can
  cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai
  chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de den deng
  di dia dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei
  fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui
  gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji
  jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken
  keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian
  liang liao lie lin ling liu long lou lu luan lun luo lv lve ma mai man mang mao me mei men
  meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian
  niang niao nie nin ning niu nong nou nu nuan nuo nv nve o ou pa pai pan pang pao pei pen
  peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu
  quan que qun ran rang rao re ren reng ri rong rou ru ruan rui run ruo sa sai san sang sao se
  sen seng sha shai shan shang shao she shen sheng shi shou shu shua shuai shuan shuang shui
  shun shuo si song sou su suan sui sun suo ta tai tan tang tao te teng ti tian tiao tie ting
  tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie
  xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue
  yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhen zheng zhi zhong
  zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo
  `
    .trim()
    .split(/\s+/),
);

export function pinyinSyllables(): ReadonlySet<string> {
  return SYLLABLES;
}

const LONGEST_SYLLABLE = 6; // zhuang, shuang, chuang

/**
 * Splits Latin letters typed as pinyin into syllables, using as few syllables as possible
 * ("xian" → [xian], "qingdaogaoxinqu" → [qing, dao, gao, xin, qu]). Undefined when the text
 * cannot be read as pinyin ("qdgxq").
 */
export function segmentPinyin(letters: string): string[] | undefined {
  return split(letters, false);
}

/**
 * Like segmentPinyin, but a letter that starts no syllable stands for an initial, as people
 * mix full pinyin and initials: "qingdgxq" → [qing, d, g, x, q], "qdgxq" → [q, d, g, x, q].
 * Fewest units first, then fewest initials. Empty for empty input.
 */
export function segmentPinyinWithInitials(letters: string): string[] {
  return split(letters, true) ?? [];
}

/** True when a unit from segmentPinyinWithInitials is a whole syllable, not an initial. */
export function isSyllable(unit: string): boolean {
  return SYLLABLES.has(unit);
}

const SYLLABLE_COST = 10;
const INITIAL_COST = 11; // a little dearer, so that a syllable is preferred to a lone letter

function split(letters: string, allowInitials: boolean): string[] | undefined {
  if (letters.length === 0) return undefined;
  // cost[i]: cheapest split of letters[0..i); from[i]: where its last unit starts.
  const cost: number[] = [0];
  const from: number[] = [0];
  for (let end = 1; end <= letters.length; end++) {
    cost[end] = Infinity;
    for (let start = Math.max(0, end - LONGEST_SYLLABLE); start < end; start++) {
      const unit = letters.slice(start, end);
      const unitCost = SYLLABLES.has(unit)
        ? SYLLABLE_COST
        : allowInitials && unit.length === 1
          ? INITIAL_COST
          : Infinity;
      if (cost[start] + unitCost < cost[end]) {
        cost[end] = cost[start] + unitCost;
        from[end] = start;
      }
    }
  }
  if (cost[letters.length] === Infinity) return undefined;
  const units: string[] = [];
  for (let end = letters.length; end > 0; end = from[end])
    units.unshift(letters.slice(from[end], end));
  return units;
}
