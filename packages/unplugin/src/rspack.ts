/**
 * @inpaint/unplugin/rspack — the plugin for rspack.
 * @example
 * import inpaint from '@inpaint/unplugin/rspack';
 * const plugin = inpaint({ masks: 'masks/' });
 */
import { inpaintUnplugin } from './index.js';

export default inpaintUnplugin.rspack;
