import type { Rule } from 'antd/es/form';

/** The server's password policy, checked before sending: at least 8 characters, letters and digits. */
export function isStrongPassword(p: string): boolean {
  return p.length >= 8 && /[A-Za-z]/.test(p) && /\d/.test(p);
}

export function passwordRules(t: (zh: string, en: string) => string, required = true): Rule[] {
  return [
    { required, message: t('请输入密码', 'Enter a password') },
    {
      validator: (_, v: string | undefined) =>
        !v || isStrongPassword(v)
          ? Promise.resolve()
          : Promise.reject(new Error(t('密码至少 8 位，且须同时包含字母和数字', 'At least 8 characters, with both letters and digits'))),
    },
  ];
}

/** The form's values, or null when a field is invalid (antd already shows why beside the field). */
export async function validValues<T>(form: { validateFields: () => Promise<T> }): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch {
    return null;
  }
}
