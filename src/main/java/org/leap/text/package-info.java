/** Text cleaning, the models' own Hugging Face tokenizers, and the chunker that cuts long texts into windows of their tokens. */
package org.leap.text;
