/**
 * Open311's XML: a root element holding one element per item, each item's fields as child elements in
 * the order the spec lists them. Values are escaped; characters XML 1.0 cannot carry are dropped.
 */

/** Strings, numbers and booleans are text; null is an empty element; arrays repeat; objects nest. */
type XmlValue = unknown;

// Tab, newline and carriage return are the only control characters XML 1.0 allows.
// eslint-disable-next-line no-control-regex
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function escapeXml(text: string): string {
  return text
    .replace(INVALID, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Arrays become repeated elements named by `arrayItems[name]` (e.g. formats → format). */
function element(name: string, value: XmlValue, arrayItems: Record<string, string>): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = arrayItems[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v, arrayItems)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => element(k, v, arrayItems))
      .join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function xmlDocument(root: string, value: XmlValue, arrayItems: Record<string, string> = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, value, arrayItems)}\n`;
}

/** A list response: `<root><item>…</item>…</root>`. */
export function xmlList(root: string, item: string, items: readonly object[], arrayItems: Record<string, string> = {}): string {
  return xmlDocument(root, items, { ...arrayItems, [root]: item });
}
