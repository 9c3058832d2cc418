/**
 * @inpaint/unplugin/rollup — the plugin for rollup.
 * @example
 * import inpaint from '@inpaint/unplugin/rollup';
 * const plugin = inpaint({ masks: 'masks/' });
 */
import { inpaintUnplugin } from './index.js';

export default inpaintUnplugin.rollup;
