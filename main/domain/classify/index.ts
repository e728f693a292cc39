/**
 * Classification (pure): which checklist item a scanned page is, from its
 * title words (the pack's titleWords), the clerk's past corrections (a small
 * n-gram model) and whether it is a photo.
 */
export { classifyPage, AUTO_FILE_CONFIDENCE, type PageClass, type PageFeatures } from './classifyPage';
export { trainModel, predict, type NgramModel, type Sample } from './ngramModel';
export { matchTitle, type ClassifiableItem, type TitleMatch } from './titleRules';
export { normaliseForMatch, nameCore } from './normalise';
export { parseSuggestions, candidateItems, type PageSuggestion, type SuggestionSource } from './suggestion';
