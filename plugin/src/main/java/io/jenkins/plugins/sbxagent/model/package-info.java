/** What a build remembers of its sbx-agent runs: small summaries on the build page; the full results are artifacts. */
package io.jenkins.plugins.sbxagent.model;
