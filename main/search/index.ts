/** search/: finding pages by what was read on them (households are found by name or 身份证号 in households/). */
export { searchPageText, snippetAround } from './pageText';
