/**
 * @inpaint/unplugin/webpack — the plugin for webpack.
 * @example
 * import inpaint from '@inpaint/unplugin/webpack';
 * const plugin = inpaint({ masks: 'masks/' });
 */
import { inpaintUnplugin } from './index.js';

export default inpaintUnplugin.webpack;
