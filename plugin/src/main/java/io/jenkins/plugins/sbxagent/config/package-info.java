/** What an administrator sets for every sbx-agent run: defaults, allowed images, caps, extra rules and the default policy. */
package io.jenkins.plugins.sbxagent.config;
