/** Text cleaning and the models' own Hugging Face tokenizers. */
package org.leap.text;
