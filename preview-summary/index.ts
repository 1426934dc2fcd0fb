// The preview summary as a library: what `versori-preview-summary` runs, for a workflow script of your own.
export { renderPreviewComment, GITHUB_COMMENT_LIMIT, type RenderOptions } from './render';
export { renderDriftReport, driftOf, inputKind, type Drift, type DriftedResource, type InputKind } from './drift';
export { parsePreviewJson, PreviewInputError, type PreviewJson } from './schema';
export { resourceChanges, type ResourceChange } from './changes';
export { deletesBeforeReplace } from './versori';
