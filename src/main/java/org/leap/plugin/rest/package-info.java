/** Thin REST handlers: each parses and validates, then hands off to its transport action. */
package org.leap.plugin.rest;
