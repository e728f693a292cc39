/**
 * The small part of fontkit@2 that main/output uses. fontkit ships no types
 * and @types/fontkit is not installed; pdf-lib sees fonts through its own
 * (fontkit 1) interface, adapted in fonts.ts.
 */
declare module 'fontkit' {
  export interface FontkitSubset {
    includeGlyph(glyph: number | { id: number }): number;
    encode(): Uint8Array;
  }
  export interface FontkitFont {
    postscriptName: string;
    unitsPerEm: number;
    createSubset(): FontkitSubset;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): FontkitFont;
}
