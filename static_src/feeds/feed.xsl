<?xml version="1.0" encoding="utf-8"?>
<!-- Shows an RSS 2.0 or Atom feed as a readable page when a browser opens it (syndication/feeds.py). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
  <xsl:template match="/">
    <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
    <html lang="zh-Hans">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="$title"/>（订阅源）</title>
        <link rel="stylesheet" href="/static/css/site.css"/>
      </head>
      <body>
        <main id="main"><div class="wrap">
          <section class="feed-page">
            <p class="feed-note">这是一个订阅源（RSS/Atom）。把本页地址复制到阅读器（如 Inoreader、Feedly 或手机上的 RSS 应用）即可订阅，新文章会自动送达。</p>
            <h1><xsl:value-of select="$title"/></h1>
            <p class="lead"><xsl:value-of select="/rss/channel/description | /atom:feed/atom:subtitle"/></p>
            <ul class="news-list">
              <xsl:for-each select="/rss/channel/item | /atom:feed/atom:entry">
                <li class="news-item">
                  <div>
                    <h2 class="feed-item-title">
                      <a href="{link | atom:link[not(@rel) or @rel='alternate']/@href}"><xsl:value-of select="title | atom:title"/></a>
                    </h2>
                    <p class="meta"><xsl:value-of select="pubDate | atom:published"/></p>
                    <p><xsl:value-of select="description | atom:summary"/></p>
                  </div>
                </li>
              </xsl:for-each>
            </ul>
            <p><a href="/">返回质量昆明首页</a></p>
          </section>
        </div></main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
