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

/**
 * The form's values, or null when a field is invalid: antd shows why beside the field, and the first
 * such field is scrolled into view (in a long modal it may be far above the button just pressed).
 */
export async function validValues<T>(form: { validateFields: () => Promise<T>; scrollToField?: (name: never, options?: ScrollIntoViewOptions) => void }): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch (e) {
    const first = (e as { errorFields?: { name: unknown }[] } | null)?.errorFields?.[0]?.name;
    if (first !== undefined) form.scrollToField?.(first as never, { behavior: 'smooth', block: 'center' });
    return null;
  }
}
