/**
 * Import of the paper's released Magenta style transfer networks (TensorFlow checkpoints and frozen GraphDefs, also
 * 8-bit quantised, weights only or fully) into pastiche models:
 * {@link io.pastiche.tensorflow.magenta.MagentaImport}. See {@code docs/magenta-import.md}.
 */
package io.pastiche.tensorflow.magenta;
