/**
 * The change set as a git-format patch, written file by file so that no diff is held whole: text
 * changes as unified diffs, binary and very large files as git binary patches, symbolic links as
 * git records them.
 */
package io.jenkins.plugins.sbxagent.engine.diff;
