// Lines (or HTML blocks) that come with a copied page but are not the article: WeChat's follow
// prompts and share footers, image placeholders left by converters, page numbers and running
// headers of PDF copies. Only whole lines are matched, so a sentence that mentions 阅读原文 or
// 关注 stays.

export type DebrisKind =
  | 'follow-prompt'
  | 'read-original'
  | 'share-footer'
  | 'image-placeholder'
  | 'page-navigation'
  | 'page-number';

// Decorations around such lines: arrows, pointing hands, dots, stars, dashes, brackets, spaces.
const DECORATION =
  /[\s\p{Extended_Pictographic}\uFE0F▲△▼▽↑↓←→☝👆👇●○•·◆◇■□★☆~～|｜【】[\]「」“”"'‘’:：!！。.,，]+/gu;

const FOLLOW_PROMPT = [
  /^(点击|點擊|轻触|輕觸|戳)?(上方|上面|标题下方|下方)?(的)?(蓝字|藍字|蓝色字体?|藍色字體?)(一键|免费)?(关注|關注)(我们|我們|公众号|公眾號)?.{0,8}$/u,
  /^(点击|點擊)?(上方|下方)?.{0,12}(公众号|公眾號|名片)(一键|免费)?(关注|關注).{0,6}$/u,
  /^(点击|點擊)(上方|上面|下方)(.{2,12})(关注|關注)(我们|我們)?$/u,
  /^(长按|長按|扫描|掃描|扫码|掃碼)(识别|識別|下方|上方)?(图中|圖中)?(二维码|二維碼)?(关注|關注).{0,12}$/u,
  /^(关注|關注)(我们|我們|公众号|公眾號)(获取|獲取|了解)?.{0,10}$/u,
  /^(设为|設為)星标.{0,12}$/u,
];
const READ_ORIGINAL =
  /^(点击|點擊)?(左下角|下方|文末)?(阅读原文|閱讀原文)(查看|了解|获取|報名|报名)?.{0,8}$/u;
// A footer made only of these words (with counts): 分享 点赞 在看 / 阅读 1024 赞 12
const SHARE_WORDS =
  /^(?:(?:分享|转发|轉發|收藏|点赞|點讚|点赞|赞|讚|在看|点个在看|點個在看|写留言|寫留言|留言|阅读|閱讀|喜欢|喜歡|好看|推荐|推薦|朋友圈|微信|\d+(?:\.\d+)?[万wk]?)\s*)+$/iu;
const SHARE_FOOTER = [
  /^(点个|點個|点亮|點亮)?(在看|赞|讚)(你最好看|支持一下|鼓励一下).{0,10}$/u,
  /^喜欢此内容的人还喜欢$/u,
  /^(预览时标签不可点|預覽時標籤不可點)$/u,
  /^(微信扫一扫|微信掃一掃)(关注该公众号|使用小程序|赞赏作者).{0,4}$/u,
  /^(轻点两下取消赞|輕點兩下取消讚|轻点两下取消在看|輕點兩下取消在看)$/u,
  /^(分享|转发|轉發)到(朋友圈|微信|微博).{0,16}$/u,
  /^(文章)?(转载|轉載)请(注明|聯繫|联系).{0,20}$/u,
];
const IMAGE_PLACEHOLDER = [
  /^(图片|圖片|图|圖|配图|配圖|image|img|photo|picture|pic)\s*\d{0,3}$/iu,
  /^[\w\u4e00-\u9fff-]{0,40}\.(png|jpe?g|gif|webp|bmp)$/iu,
];
const PAGE_NUMBER = [
  // — 3 —, - 12 -, －3－ (decorated on both sides)
  /^[-—–－_﹣]+\s*\d{1,4}\s*[-—–－_﹣]+$/u,
  // 第3页, 第 3 页 共 12 页, 第3页/共12页
  /^第\s*\d{1,4}\s*[页頁](\s*[,，/／]?\s*共\s*\d{1,4}\s*[页頁])?$/u,
  /^共\s*\d{1,4}\s*[页頁]\s*第\s*\d{1,4}\s*[页頁]$/u,
  // 3 / 12, Page 3 of 12
  /^\d{1,4}\s*[/／]\s*\d{1,4}$/u,
  /^page\s*\d{1,4}(\s*of\s*\d{1,4})?$/iu,
];
const BARE_NUMBER = /^\d{1,4}$/;
// Government portals: breadcrumbs, print / close / font-size tools, "open on your phone".
const BREADCRUMB =
  /^(首页|首頁|网站首页|您当前的位置|当前位置|您的位置|您現在的位置|您现在的位置)\s*[:：>»›]?.{0,40}$/u;
const PAGE_TOOLS = [
  /^(打印本页|打印本頁|关闭窗口|關閉窗口|打印|关闭|關閉|收藏本页|返回顶部|返回頂部|我要纠错|加入收藏)+$/u,
  /^字号(大|中|小|默认|\s)+$/u,
  /^(扫一扫|掃一掃|微信扫一扫)?在手机(上)?(打开|浏览|查看)(当前页|本页)?$/u,
  /^(分享到|分享至)$/u,
];

/** What kind of page debris a line is, or undefined when it is text. */
export function debrisKindOf(line: string): DebrisKind | undefined {
  const trimmed = line.trim();
  if (!trimmed || [...trimmed].length > 40) return undefined;
  if (PAGE_NUMBER.some((pattern) => pattern.test(trimmed))) return 'page-number';
  if (BREADCRUMB.test(trimmed) && /[>»›]|位置/.test(trimmed)) return 'page-navigation';
  const bare = trimmed.replace(DECORATION, '');
  if (IMAGE_PLACEHOLDER.some((pattern) => pattern.test(bare) || pattern.test(trimmed)))
    return 'image-placeholder';
  if (!bare) return undefined;
  if (FOLLOW_PROMPT.some((pattern) => pattern.test(bare))) return 'follow-prompt';
  if (READ_ORIGINAL.test(bare)) return 'read-original';
  if (SHARE_FOOTER.some((pattern) => pattern.test(bare))) return 'share-footer';
  if (PAGE_TOOLS.some((pattern) => pattern.test(bare))) return 'page-navigation';
  const words = trimmed.replace(DECORATION, ' ').trim();
  if (SHARE_WORDS.test(words) && /[^\d\s.]/u.test(words) && !/^\d/.test(words))
    return 'share-footer';
  return undefined;
}

/**
 * Bare page numbers ("3" alone on a line) are numbers in tables too: they count as page numbers
 * only when at least two of them count up through the document, as printed pages do.
 */
export function barePageNumbers(lines: readonly string[]): Set<number> {
  const candidates = lines
    .map((line, index) => ({ index, value: BARE_NUMBER.test(line.trim()) ? Number(line) : NaN }))
    .filter((c) => !Number.isNaN(c.value));
  const found = new Set<number>();
  for (let i = 1; i < candidates.length; i++) {
    const [a, b] = [candidates[i - 1]!, candidates[i]!];
    // pages are far apart (a page holds many lines) and count up by one
    if (b.value === a.value + 1 && b.index - a.index >= 5) {
      found.add(a.index);
      found.add(b.index);
    }
  }
  return found;
}

/**
 * Running headers and footers of a PDF copy: a short line that recurs next to page numbers. The
 * first occurrence (the top of the first page, often the document's own heading) is kept.
 */
export function runningHeaders(
  lines: readonly string[],
  pageNumbers: ReadonlySet<number>,
): Set<number> {
  const found = new Set<number>();
  if (pageNumbers.size < 2) return found;
  const nearPageNumber = (index: number) => {
    for (let d = 1; d <= 2; d++)
      if (pageNumbers.has(index - d) || pageNumbers.has(index + d)) return true;
    return false;
  };
  const byText = new Map<string, number[]>();
  lines.forEach((line, index) => {
    const text = line.trim();
    if (!text || [...text].length > 40 || pageNumbers.has(index)) return;
    byText.set(text, [...(byText.get(text) ?? []), index]);
  });
  for (const indexes of byText.values()) {
    const later = indexes.slice(1).filter(nearPageNumber);
    if (later.length >= 1 && later.length >= (indexes.length - 1) / 2)
      later.forEach((i) => found.add(i));
  }
  return found;
}
