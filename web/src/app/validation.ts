import type { Rule } from 'antd/es/form';

/**
 * The server's password policy, as far as the browser can check it before sending: 10 to 128
 * characters. The server also refuses common passwords and the username (weak_password).
 */
function isStrongPassword(p: string): boolean {
  const n = [...p].length;
  return n >= 10 && n <= 128;
}

export function passwordRules(t: (key: string, values?: Record<string, unknown>) => string, required = true): Rule[] {
  return [
    { required, message: t('common:enter-a-password') },
    {
      validator: (_, v: string | undefined) =>
        !v || isStrongPassword(v)
          ? Promise.resolve()
          : Promise.reject(new Error(t('common:the-password-needs-10-to-128-characters'))),
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
