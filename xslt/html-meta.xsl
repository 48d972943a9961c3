<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-meta.xsl: the page's <head> parts that describe the article to machines.
  Input:  the prepared JATS article (front/journal-meta and front/article-meta; names as
          pipeline/render/prepare.py writes them) and the URL parameters declared in jats-to-html.xsl
          ($pdf-url, $html-url, $journal-website).
  Output: (mode "head") <title>, the Highwire Press citation_* <meta> tags that Google Scholar
          indexes, a canonical link, and a schema.org ScholarlyArticle JSON-LD <script>. The JSON
          is made by xml-to-json() from an XPath map description, so it is always valid JSON with
          every string escaped; <, > and & are written as \u escapes so the script text needs no
          HTML escaping and can never close its element.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:ali="http://www.niso.org/schemas/ali/1.0/"
    xmlns:fn="http://www.w3.org/2005/xpath-functions"
    xmlns:w="urn:x-pipeline:prepared"
    xmlns:f="urn:x-pipeline:writer"
    exclude-result-prefixes="#all">

  <xsl:template match="article" mode="head">
    <xsl:variable name="meta" select="front/article-meta"/>
    <xsl:variable name="jmeta" select="front/journal-meta"/>
    <xsl:variable name="title" select="f:plain($meta/title-group/article-title)"/>
    <xsl:variable name="journal-title" select="normalize-space(($jmeta/journal-title-group/journal-title, $jmeta/journal-title)[1])"/>

    <title><xsl:value-of select="string-join(($title, $journal-title)[. != ''], ' | ')"/></title>
    <xsl:if test="$html-url-safe">
      <link rel="canonical" href="{$html-url-safe}"/>
    </xsl:if>
    <xsl:variable name="abstract" select="f:plain($meta/abstract[f:is-main-abstract(.)][1])"/>
    <xsl:if test="$abstract">
      <meta name="description" content="{f:clip($abstract, 300)}"/>
    </xsl:if>

    <xsl:call-template name="f:meta"><xsl:with-param name="name" select="'citation_title'"/><xsl:with-param name="content" select="$title"/></xsl:call-template>
    <xsl:for-each select="$authors">
      <xsl:call-template name="f:meta">
        <xsl:with-param name="name" select="'citation_author'"/>
        <xsl:with-param name="content" select="(@w:inverted-name[. != ''], f:contrib-name(.))[1]"/>
      </xsl:call-template>
      <xsl:call-template name="f:meta">
        <xsl:with-param name="name" select="'citation_author_orcid'"/>
        <xsl:with-param name="content" select="f:orcid-uri(.)"/>
      </xsl:call-template>
      <xsl:for-each select="f:affiliations-of(.)">
        <xsl:call-template name="f:meta">
          <xsl:with-param name="name" select="'citation_author_institution'"/>
          <xsl:with-param name="content" select="f:aff-plain(.)"/>
        </xsl:call-template>
      </xsl:for-each>
    </xsl:for-each>
    <xsl:call-template name="f:meta"><xsl:with-param name="name" select="'citation_journal_title'"/><xsl:with-param name="content" select="$journal-title"/></xsl:call-template>
    <xsl:call-template name="f:meta">
      <xsl:with-param name="name" select="'citation_journal_abbrev'"/>
      <xsl:with-param name="content" select="normalize-space(($jmeta/journal-title-group/abbrev-journal-title,
                                             $jmeta/journal-id[@journal-id-type = ('nlm-ta', 'iso-abbrev')])[1])"/>
    </xsl:call-template>
    <xsl:for-each select="$jmeta/issn">
      <xsl:call-template name="f:meta"><xsl:with-param name="name" select="'citation_issn'"/><xsl:with-param name="content" select="normalize-space(.)"/></xsl:call-template>
    </xsl:for-each>
    <xsl:call-template name="f:meta"><xsl:with-param name="name" select="'citation_publisher'"/><xsl:with-param name="content" select="normalize-space(($jmeta/publisher/publisher-name)[1])"/></xsl:call-template>
    <xsl:call-template name="f:meta"><xsl:with-param name="name" select="'citation_volume'"/><xsl:with-param name="content" select="normalize-space($meta/volume[1])"/></xsl:call-template>
    <xsl:call-template name="f:meta"><xsl:with-param name="name" select="'citation_issue'"/><xsl:with-param name="content" select="normalize-space($meta/issue[1])"/></xsl:call-template>
    <xsl:call-template name="f:meta"><xsl:with-param name="name" select="'citation_firstpage'"/><xsl:with-param name="content" select="normalize-space(($meta/fpage, $meta/elocation-id)[1])"/></xsl:call-template>
    <xsl:call-template name="f:meta"><xsl:with-param name="name" select="'citation_lastpage'"/><xsl:with-param name="content" select="normalize-space($meta/lpage[1])"/></xsl:call-template>
    <xsl:call-template name="f:meta"><xsl:with-param name="name" select="'citation_doi'"/><xsl:with-param name="content" select="$doi[not($doi-is-placeholder)]"/></xsl:call-template>
    <xsl:call-template name="f:meta"><xsl:with-param name="name" select="'citation_publication_date'"/><xsl:with-param name="content" select="f:slash-date(($collection-date, $epub-date)[1])"/></xsl:call-template>
    <xsl:call-template name="f:meta"><xsl:with-param name="name" select="'citation_online_date'"/><xsl:with-param name="content" select="f:slash-date($epub-date)"/></xsl:call-template>
    <xsl:call-template name="f:meta">
      <xsl:with-param name="name" select="'citation_keywords'"/>
      <xsl:with-param name="content" select="string-join($keywords, '; ')"/>
    </xsl:call-template>
    <xsl:call-template name="f:meta"><xsl:with-param name="name" select="'citation_language'"/><xsl:with-param name="content" select="$language-code"/></xsl:call-template>
    <xsl:call-template name="f:meta"><xsl:with-param name="name" select="'citation_pdf_url'"/><xsl:with-param name="content" select="$pdf-url-safe"/></xsl:call-template>
    <xsl:call-template name="f:meta"><xsl:with-param name="name" select="'citation_fulltext_html_url'"/><xsl:with-param name="content" select="$html-url-safe"/></xsl:call-template>

    <script type="application/ld+json">
      <xsl:value-of select="f:json-for-html(xml-to-json(f:json-ld(.)))"/>
    </script>
  </xsl:template>

  <!-- One <meta name content>, left out when the value is empty. -->
  <xsl:template name="f:meta">
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="content" as="xs:string?"/>
    <xsl:if test="normalize-space($content)">
      <meta name="{$name}" content="{normalize-space($content)}"/>
    </xsl:if>
  </xsl:template>

  <xsl:function name="f:clip" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:param name="max" as="xs:integer"/>
    <xsl:sequence select="if (string-length($s) le $max) then $s
                          else replace(substring($s, 1, $max), '\s+\S*$', '') || '…'"/>
  </xsl:function>

  <!-- JSON text that may stand as the content of an HTML <script> element unchanged. -->
  <xsl:function name="f:json-for-html" as="xs:string">
    <xsl:param name="json" as="xs:string"/>
    <xsl:sequence select="replace(replace(replace($json, '&amp;', '\\u0026'), '&lt;', '\\u003c'), '&gt;', '\\u003e')"/>
  </xsl:function>

  <!-- ===== schema.org ScholarlyArticle, as the XML form of a JSON map ===== -->

  <xsl:function name="f:json-ld" as="element(fn:map)">
    <xsl:param name="article" as="element(article)"/>
    <xsl:variable name="meta" select="$article/front/article-meta"/>
    <xsl:variable name="jmeta" select="$article/front/journal-meta"/>
    <xsl:variable name="title" select="f:plain($meta/title-group/article-title)"/>
    <xsl:variable name="periodical" as="element(fn:map)">
      <fn:map>
        <fn:string key="@type">Periodical</fn:string>
        <xsl:sequence select="f:js('name', ($jmeta/journal-title-group/journal-title, $jmeta/journal-title)[1])"/>
        <xsl:sequence select="f:js('alternateName', $jmeta/journal-title-group/abbrev-journal-title[1])"/>
        <xsl:if test="$jmeta/issn">
          <fn:array key="issn">
            <xsl:for-each select="$jmeta/issn"><fn:string><xsl:value-of select="normalize-space(.)"/></fn:string></xsl:for-each>
          </fn:array>
        </xsl:if>
        <xsl:sequence select="f:js('url', $journal-website-safe)"/>
        <xsl:sequence select="f:organization('publisher', $jmeta/publisher/publisher-name[1])"/>
      </fn:map>
    </xsl:variable>
    <xsl:variable name="volume" as="element(fn:map)?">
      <xsl:if test="normalize-space($meta/volume[1])">
        <fn:map>
          <fn:string key="@type">PublicationVolume</fn:string>
          <xsl:sequence select="f:js('volumeNumber', $meta/volume[1])"/>
          <xsl:sequence select="f:with-key($periodical, 'isPartOf')"/>
        </fn:map>
      </xsl:if>
    </xsl:variable>
    <xsl:variable name="container" select="($volume, $periodical)[1]"/>
    <fn:map>
      <fn:string key="@context">https://schema.org</fn:string>
      <fn:string key="@type">ScholarlyArticle</fn:string>
      <xsl:sequence select="f:js('@id', f:doi-url($doi[not($doi-is-placeholder)]))"/>
      <xsl:sequence select="f:js('name', $title)"/>
      <xsl:sequence select="f:js('headline', f:clip($title, 110))"/>
      <xsl:if test="$doi and not($doi-is-placeholder)">
        <fn:map key="identifier">
          <fn:string key="@type">PropertyValue</fn:string>
          <fn:string key="propertyID">DOI</fn:string>
          <fn:string key="value"><xsl:value-of select="$doi"/></fn:string>
        </fn:map>
      </xsl:if>
      <xsl:sequence select="f:js('url', $html-url-safe)"/>
      <xsl:if test="$authors">
        <fn:array key="author">
          <xsl:for-each select="$authors">
            <xsl:variable name="n" select="(name, name-alternatives/name)[1]"/>
            <fn:map>
              <fn:string key="@type"><xsl:value-of select="if (collab and not($n)) then 'Organization' else 'Person'"/></fn:string>
              <fn:string key="name"><xsl:value-of select="f:contrib-name(.)"/></fn:string>
              <xsl:sequence select="f:js('givenName', $n/given-names)"/>
              <xsl:sequence select="f:js('familyName', $n/surname)"/>
              <xsl:sequence select="f:js('sameAs', f:orcid-uri(.))"/>
              <xsl:variable name="affs" select="f:affiliations-of(.)"/>
              <xsl:if test="$affs">
                <fn:array key="affiliation">
                  <xsl:for-each select="$affs">
                    <fn:map>
                      <fn:string key="@type">Organization</fn:string>
                      <fn:string key="name"><xsl:value-of select="f:aff-plain(.)"/></fn:string>
                    </fn:map>
                  </xsl:for-each>
                </fn:array>
              </xsl:if>
            </fn:map>
          </xsl:for-each>
        </fn:array>
      </xsl:if>
      <xsl:sequence select="f:js('datePublished', f:iso-date(($epub-date, $collection-date)[1]))"/>
      <xsl:sequence select="f:js('inLanguage', $language-code)"/>
      <xsl:sequence select="f:js('articleSection', $meta/article-categories/subj-group[@subj-group-type = 'heading'][1]/subject[1])"/>
      <xsl:sequence select="f:js('genre', $meta/article-categories/subj-group[@subj-group-type = ('article-type', 'display-channel')][1]/subject[1])"/>
      <xsl:if test="exists($keywords)">
        <fn:array key="keywords">
          <xsl:for-each select="$keywords"><fn:string><xsl:value-of select="."/></fn:string></xsl:for-each>
        </fn:array>
      </xsl:if>
      <xsl:sequence select="f:js('abstract', f:plain($meta/abstract[f:is-main-abstract(.)][1]))"/>
      <xsl:sequence select="f:js('pageStart', $meta/fpage[1])"/>
      <xsl:sequence select="f:js('pageEnd', $meta/lpage[1])"/>
      <xsl:sequence select="f:js('license', f:license-url($meta/permissions))"/>
      <xsl:choose>
        <xsl:when test="normalize-space($meta/issue[1])">
          <fn:map key="isPartOf">
            <fn:string key="@type">PublicationIssue</fn:string>
            <xsl:sequence select="f:js('issueNumber', $meta/issue[1])"/>
            <xsl:sequence select="f:js('datePublished', f:iso-date($collection-date))"/>
            <xsl:sequence select="f:with-key($container, 'isPartOf')"/>
          </fn:map>
        </xsl:when>
        <xsl:otherwise><xsl:sequence select="f:with-key($container, 'isPartOf')"/></xsl:otherwise>
      </xsl:choose>
      <xsl:sequence select="f:organization('publisher', $jmeta/publisher/publisher-name[1])"/>
      <xsl:if test="$pdf-url-safe">
        <fn:map key="encoding">
          <fn:string key="@type">MediaObject</fn:string>
          <fn:string key="encodingFormat">application/pdf</fn:string>
          <fn:string key="contentUrl"><xsl:value-of select="$pdf-url-safe"/></fn:string>
        </fn:map>
      </xsl:if>
    </fn:map>
  </xsl:function>

  <!-- A JSON string member, left out when the value is empty. -->
  <xsl:function name="f:js" as="element(fn:string)?">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="value" as="item()?"/>
    <xsl:variable name="v" select="normalize-space(string($value))"/>
    <xsl:if test="$v"><fn:string key="{$key}"><xsl:value-of select="$v"/></fn:string></xsl:if>
  </xsl:function>

  <xsl:function name="f:organization" as="element(fn:map)?">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="name" as="item()?"/>
    <xsl:if test="normalize-space(string($name))">
      <fn:map key="{$key}">
        <fn:string key="@type">Organization</fn:string>
        <fn:string key="name"><xsl:value-of select="normalize-space(string($name))"/></fn:string>
      </fn:map>
    </xsl:if>
  </xsl:function>

  <!-- A copy of a JSON map with the given key (maps inside maps need one). -->
  <xsl:function name="f:with-key" as="element(fn:map)">
    <xsl:param name="map" as="element(fn:map)"/>
    <xsl:param name="key" as="xs:string"/>
    <fn:map key="{$key}"><xsl:sequence select="$map/*"/></fn:map>
  </xsl:function>

</xsl:stylesheet>
