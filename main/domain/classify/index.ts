/**
 * Classification (pure): which checklist item a scanned page is, from its
 * title (found by layout), the whole page's text, the clerk's past
 * corrections and whether it is a photo; and whether an untitled page
 * continues the document before it.
 */
export { classifyPage, AUTO_FILE_CONFIDENCE, type Models, type PageClass, type PageFeatures, type PageReading } from './classifyPage';
export { continuationConfidence, hasPageMarker, runsOverPages, textRelation, type ContinuationEvidence } from './continuation';
export { unreadInk, type InkGrid, type PageLayout, type LayoutLine, type LayoutWord } from './layout';
export { trainModel, predict, type NgramModel, type Sample } from './ngramModel';
export { matchTitles, namesAnItem, type ClassifiableItem, type TitleMatch } from './titleRules';
export { mergeTitles, readTitles, titlesFromText, type TitleCandidate, type TitleReading } from './titles';
export { packSamples, readText, trainTextModel, type TextModel, type TextOpinion, type TextSample } from './textModel';
export { normaliseForMatch, nameCore } from './normalise';
export { parseSuggestions, candidateItems, type PageSuggestion, type SuggestionSource } from './suggestion';
