/** Model descriptors, the catalog that finds them by name, and weights under Hugging Face names, engine-free. */
package org.leap.model;
