/** Text as classification compares it: no spaces or punctuation, half-width brackets, upper-case Latin. */
export function normaliseForMatch(text: string): string {
  return text
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .toUpperCase();
}

/** An item's name without its explanatory parenthesis: "婚姻状况材料(结婚证…)" → "婚姻状况材料". */
export function nameCore(name: string): string {
  return normaliseForMatch(name.replace(/[(（].*$/, ''));
}
