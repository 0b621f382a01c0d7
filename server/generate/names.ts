import { pick } from './random.js';

// The most common Chinese surnames, roughly in order of frequency (repeated ones weigh more).
const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁', '潘', '于', '蒋', '蔡',
  '余', '杜', '叶', '程', '苏', '魏', '吕', '丁', '任', '沈', '姚', '卢', '姜', '崔', '钟', '谭', '陆', '汪', '范', '金',
  '石', '廖', '贾', '夏', '韦', '付', '方', '白', '邹', '孟', '熊', '秦', '邱', '江', '尹', '薛', '段', '雷', '侯', '龙',
  '王', '李', '张', '刘', '陈', '杨', '黄', '刘', '陈', '肖', '罗', '胡', '曾', '彭', '郭', '欧阳',
];
const GIVEN = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平',
  '刚', '桂英', '华', '建国', '建华', '国强', '志强', '海燕', '晓东', '小红', '文', '斌', '辉', '鹏', '玲', '婷', '雪', '慧',
  '红梅', '春生', '冬梅', '水生', '根生', '金凤', '菊香', '永红', '卫东', '丽萍', '建平', '海波', '雨涵', '子轩', '梓涵', '浩然',
  '欣怡', '宇航', '思远', '晨曦', '佳怡', '俊杰', '家豪', '志明', '秀兰', '凤英', '德华', '福生', '荣华', '美玲', '爱华', '新民',
];

export function personName(rnd: () => number): string {
  return pick(rnd, SURNAMES) + pick(rnd, GIVEN);
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 12 → 十二, 23 → 二十三 (up to 99). */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return (tens === 1 ? '' : DIGITS[tens]) + '十' + (ones ? DIGITS[ones] : '');
}

/** "桃树下居委会" → "桃树下社区", "XX村委会" → "XX村". */
export function villageShortName(name: string): string {
  return name
    .replace(/(社区)?(居民委员会|居委会)$/, '社区')
    .replace(/(村民委员会|村委会)$/, '村');
}

export function isUrban(villageName: string): boolean {
  return /(居委会|居民委员会|社区)$/.test(villageName);
}
