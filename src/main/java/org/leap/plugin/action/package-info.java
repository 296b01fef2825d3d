/** What the per-API packages below share; each API (REST handler, request, transport action) lives in its own package. */
package org.leap.plugin.action;
