package io.jenkins.plugins.sbxagent.engine.review;

/** The review page's style sheet: readable on a laptop, with nothing cut off in print. */
final class ReviewStyle {
    static final String CSS = String.join("\n",
            "body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:0 1em 3em;color:#1b1f24;background:#fff}",
            "h1{font-size:1.4em;margin:.8em 0 .3em}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2em;margin-top:1.6em}",
            "nav{position:sticky;top:0;background:#f6f8fa;padding:.4em .6em;border:1px solid #d0d7de;border-radius:6px}",
            "nav a{margin-right:1em}code,pre{font:12px/1.4 ui-monospace,monospace}",
            ".verdict span{display:inline-block;padding:.15em .6em;border-radius:1em;margin-right:.5em;background:#eaeef2}",
            ".decision.pass{background:#dafbe1}.decision.review{background:#fff8c5}.decision.unstable{background:#ffe2cc}",
            ".decision.fail{background:#ffd7d5;font-weight:bold}.gate li.decided{font-weight:bold}",
            "h3.critical{color:#a40e26}h3.high{color:#bc4c00}h3.medium{color:#7d4e00}h3.low{color:#57606a}",
            ".findings li{margin:.3em 0}.evidence{color:#57606a}.rule{color:#6639ba}",
            ".tree{list-style:none;padding-left:0}.tree .folder{color:#57606a}",
            ".tree .hidden-from-git a{color:#a40e26}.kind{color:#57606a;font-size:.9em}",
            "section.file{border:1px solid #d0d7de;border-radius:6px;margin:1em 0;overflow:hidden}",
            "section.file h3{margin:0;padding:.4em .6em;background:#f6f8fa;font:bold 13px ui-monospace,monospace;word-break:break-all}",
            "section.file pre{margin:0;padding:.3em 0;overflow-x:auto}pre span{display:block;padding:0 .6em;white-space:pre-wrap;"
                    + "word-break:break-all}",
            ".add{background:#e6ffec}.del{background:#ffebe9}.hunk{background:#ddf4ff;color:#0550ae}.meta{color:#57606a}",
            "pre span:target{outline:2px solid #bf8700}.cut{color:#9a6700;font-style:italic}",
            ".conversation{padding-left:1.5em}.conversation li{margin:.4em 0}.conversation pre{margin:.2em 0;white-space:pre-wrap;"
                    + "word-break:break-word;background:#f6f8fa;padding:.4em;border-radius:4px}",
            ".who{font-weight:bold}.call .who{color:#0550ae}.error .who,.error pre{color:#a40e26}.note{color:#57606a}",
            "table{border-collapse:collapse}th,td{text-align:left;vertical-align:top;padding:.2em .8em .2em 0;border-bottom:1px solid #eaeef2}",
            "td{word-break:break-word}tr.refused td{color:#a40e26}footer{margin-top:2em;color:#57606a}",
            "@media print{nav{display:none}body{max-width:none}section.file pre,pre{overflow:visible}a{color:inherit}}");

    private ReviewStyle() {
    }
}
