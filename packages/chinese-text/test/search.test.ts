import { beforeAll, describe, expect, it } from 'vitest';
import {
  analyzeQuery,
  buildSearchKeys,
  prepareScoredFields,
  scoreMatch,
  scorePreparedMatch,
  searchKeyFilter,
} from '../src/index.js';
import { carrierCorpus, search, type Carrier } from './fixtures/search-corpus.js';

const QINGDAO = ['青岛高新区创业服务中心', '青岛高新区蓝色生物医药孵化器'];

let corpus: Carrier[];
beforeAll(() => {
  corpus = carrierCorpus();
});

describe('finding 青岛高新区 carriers', () => {
  it.each(['qingdao', 'qdgxq', '青島', '青岛', 'qingdaogaoxinqu', 'QingDao', 'qing dao'])(
    '%s finds both and nothing else',
    (query) => {
      expect(search(corpus, query).sort()).toEqual([...QINGDAO].sort());
    },
  );

  it('does not confuse 青州 or 德州高新区 with 青岛', () => {
    expect(search(corpus, 'qingzhou')).toEqual(['青州市创业孵化中心']);
    expect(search(corpus, '高新区')).toEqual(
      expect.arrayContaining([...QINGDAO, '德州高新区众创空间']),
    );
    expect(search(corpus, 'qd')).not.toContain('青州市创业孵化中心');
  });

  it('finds part of a name, in characters, pinyin or initials', () => {
    expect(search(corpus, '蓝色生物')).toEqual(['青岛高新区蓝色生物医药孵化器']);
    expect(search(corpus, 'lanse')).toEqual(['青岛高新区蓝色生物医药孵化器']);
    expect(search(corpus, 'gxq')).toEqual(
      expect.arrayContaining([...QINGDAO, '德州高新区众创空间']),
    );
    expect(search(corpus, 'cyfwzx').sort()).toEqual([
      '德州市高新技术创业服务中心',
      '青岛高新区创业服务中心',
    ]);
  });

  it('takes mixed input: pinyin with characters, several words', () => {
    expect(search(corpus, 'qingdao 孵化器')).toEqual(['青岛高新区蓝色生物医药孵化器']);
    expect(search(corpus, 'qingdao孵化器')).toEqual(['青岛高新区蓝色生物医药孵化器']);
    expect(search(corpus, '青岛的孵化器')).toEqual(['青岛高新区蓝色生物医药孵化器']);
  });

  it('takes full pinyin mixed with initials', () => {
    for (const typed of ['qingdgxq', 'qdgaoxinqu', 'qingdaogxq', 'qingd']) {
      expect(search(corpus, typed).sort(), typed).toEqual([...QINGDAO].sort());
    }
    expect(search(corpus, 'qidizx')).toEqual(['启迪之星（德州）']);
  });

  it('takes pinyin typed with tone marks', () => {
    expect(search(corpus, 'Qīngdǎo').sort()).toEqual([...QINGDAO].sort());
    expect(analyzeQuery('lǜsè').groups).toEqual([['lvse']]);
  });

  it('takes full-width input', () => {
    expect(search(corpus, 'ＱＩＮＧＤＡＯ').sort()).toEqual([...QINGDAO].sort());
    expect(search(corpus, 'ｑｄｇｘｑ').sort()).toEqual([...QINGDAO].sort());
  });

  it('ranks the carrier named exactly by the query first', () => {
    expect(search(corpus, '青岛高新区创业服务中心')[0]).toBe('青岛高新区创业服务中心');
    expect(search(corpus, '德州高新区众创空间')[0]).toBe('德州高新区众创空间');
  });
});

describe('启迪之星（德州）', () => {
  it.each([
    'qidi',
    'qidizhixing',
    'qdzx',
    '启迪之星',
    '啟迪之星',
    '启迪之星（德州）',
    '启迪之星(德州)',
    '启迪之星 德州',
  ])('%s finds it first', (query) => {
    expect(search(corpus, query)[0]).toBe('启迪之星（德州）');
  });

  it('德州 finds every carrier in 德州 but not 青岛', () => {
    const found = search(corpus, '德州');
    expect(found).toEqual(
      expect.arrayContaining([
        '启迪之星（德州）',
        '德州高新区众创空间',
        '德州市高新技术创业服务中心',
      ]),
    );
    expect(found).toHaveLength(3);
  });
});

describe('seed 002: specialized maker spaces indexed from traditional text', () => {
  it('finds all 23 by their common words in simplified, traditional or pinyin', () => {
    expect(search(corpus, '专业化众创空间')).toHaveLength(23);
    expect(search(corpus, '專業化眾創空間')).toHaveLength(23);
    expect(search(corpus, 'zhuanyehua')).toHaveLength(23);
  });

  it('finds one by its field, its operator or its operator’s city', () => {
    expect(search(corpus, '兽用生物制品')).toEqual(['獸用生物制品國家專業化眾創空間']);
    expect(search(corpus, 'jcdl')).toEqual(['集成電路國家專業化眾創空間']);
    expect(search(corpus, '海康威视')).toEqual(['圖像識別國家專業化眾創空間']);
    expect(search(corpus, 'lanzhou')).toEqual(['能源裝備國家專業化眾創空間']);
    expect(search(corpus, '蘭石')).toEqual(['能源裝備國家專業化眾創空間']);
  });

  it('reads the polyphone 重 of 重庆 right', () => {
    expect(search(corpus, 'chongqing')).toEqual(['數字交通國家專業化眾創空間']);
  });
});

describe('search-as-you-type (prefix mode)', () => {
  it('finds 青岛 while the last syllable is still being typed', () => {
    for (const typed of ['qingd', 'qingda', 'qingdaog', 'qingdaogao']) {
      expect(search(corpus, typed, { prefix: true }).sort()).toEqual([...QINGDAO].sort());
    }
  });

  it('is off by default: a typed syllable is taken as finished', () => {
    // qing + da, and 青岛 is qing + dao
    expect(search(corpus, 'qingda')).toEqual([]);
  });
});

describe('analyzeQuery', () => {
  it('returns no groups for empty, punctuation-only or stopword-only queries', () => {
    for (const query of ['', '   ', '.*', '()[]{}', '的', 'a'])
      expect(analyzeQuery(query).groups).toEqual([]);
  });

  it('bounds the work of one query', () => {
    const query = analyzeQuery('青岛高新区创业服务中心'.repeat(20));
    expect(Array.from(query.normalized).length).toBeLessThanOrEqual(64);
    expect(query.groups.length).toBeLessThanOrEqual(12);
  });

  it('offers the raw word beside a pinyin reading of a long Latin word', () => {
    const groups = analyzeQuery('tusstar').groups;
    expect(groups.length).toBeGreaterThan(1);
    for (const group of groups) expect(group).toContain('tusstar');
    const keys = buildSearchKeys([{ text: 'TusStar 启迪之星' }]);
    expect(groups.every((group) => group.some((key) => keys.includes(key)))).toBe(true);
  });
});

describe('scoreMatch', () => {
  it('is 0 when nothing of the query is in the fields', () => {
    expect(scoreMatch(analyzeQuery('qingdao'), [{ text: '德州高新区众创空间' }])).toBe(0);
    expect(scoreMatch(analyzeQuery(''), [{ text: '青岛' }])).toBe(0);
  });

  it('scores the words of a query whose stopwords are not in the name', () => {
    const score = scoreMatch(analyzeQuery('青岛的孵化器'), [
      { text: '青岛高新区蓝色生物医药孵化器' },
    ]);
    expect(score).toBeGreaterThan(0);
    expect(analyzeQuery('青岛的孵化器').terms.map((term) => term.text)).toEqual(['青岛', '孵化器']);
  });

  it('scores pinyin mixed with initials', () => {
    expect(scoreMatch(analyzeQuery('qingdgxq'), [{ text: '青岛高新区' }])).toBeGreaterThan(
      scoreMatch(analyzeQuery('qingdgxq'), [{ text: '山东青岛高新区' }]),
    );
    expect(scoreMatch(analyzeQuery('qingdgxq'), [{ text: '德州高新区' }])).toBe(0);
  });

  it('weights fields', () => {
    const query = analyzeQuery('青岛');
    const inName = scoreMatch(query, [
      { text: '青岛高新区', weight: 3 },
      { text: '某公司', weight: 1 },
    ]);
    const inOperator = scoreMatch(query, [
      { text: '某公司', weight: 3 },
      { text: '青岛高新区', weight: 1 },
    ]);
    expect(inName).toBeGreaterThan(inOperator);
    expect(inOperator).toBeGreaterThan(0);
  });

  it('prefers a match at the start and a shorter name', () => {
    const query = analyzeQuery('qingdao');
    const start = scoreMatch(query, [{ text: '青岛高新区' }]);
    const later = scoreMatch(query, [{ text: '山东省青岛高新区' }]);
    expect(start).toBeGreaterThan(later);
  });
});

describe('searchKeyFilter', () => {
  it('requires single-key groups with $all and alternatives with $in', () => {
    expect(searchKeyFilter('searchKeys', analyzeQuery('青岛'))).toEqual({
      searchKeys: { $all: ['青岛'] },
    });
    expect(searchKeyFilter('searchKeys', analyzeQuery('qingdaogaoxin 孵化'))).toEqual({
      $and: [
        { searchKeys: { $all: ['孵化'] } },
        { searchKeys: { $in: ['qingdao', 'qingdaogaoxin'] } },
        { searchKeys: { $in: ['daogao', 'qingdaogaoxin'] } },
        { searchKeys: { $in: ['gaoxin', 'qingdaogaoxin'] } },
      ],
    });
  });

  it('is undefined for a query without keys, and refuses an unsafe path', () => {
    expect(searchKeyFilter('searchKeys', analyzeQuery('...'))).toBeUndefined();
    expect(() => searchKeyFilter('$where', analyzeQuery('青岛'))).toThrow(/invalid field path/);
    expect(() => searchKeyFilter('a.$b', analyzeQuery('青岛'))).toThrow(/invalid field path/);
  });
});

describe('scorePreparedMatch', () => {
  it('scores fields prepared once as scoreMatch scores them', () => {
    const queries = [
      '青岛高新区',
      'qingdao',
      'qdgxq',
      'qingdgxq',
      '德州 2020',
      'lanse',
      '專業化',
      '...',
    ];
    for (const carrier of corpus) {
      const fields = [
        { text: carrier.name, weight: 3 },
        { text: carrier.operator ?? '', weight: 1 },
        { text: '高新区 人工智能' },
      ];
      const prepared = prepareScoredFields(fields);
      for (const q of queries) {
        const query = analyzeQuery(q);
        expect(scorePreparedMatch(query, prepared), `${carrier.name} / ${q}`).toBe(
          scoreMatch(query, fields),
        );
      }
    }
  });
});
