/**
 * What a host such as the Jenkins steps asks of one run, in its users' words: the request as given,
 * the administrator's settings it must keep, its check into a run the engine can start, the secrets
 * bound for it, and the report a host shows afterwards. Every rule lives here, once, so that the
 * Pipeline step, the freestyle build step and Configuration as Code refuse the same mistake with the
 * same message.
 */
package io.jenkins.plugins.sbxagent.engine.request;
