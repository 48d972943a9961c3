<?xml version="1.0" encoding="UTF-8"?>
<!--
  jats-to-html.xsl: a JATS article as the parts of its HTML article page: the web layer over the writer core
  (core.xsl), which the print HTML (jats-to-print.xsl) shares.
  Input:  one JATS article prepared by pipeline/render/prepare.py (the pipeline's profile,
          docs/jats-profile.md; JATS 1.x and NLM 3 articles from elsewhere read as well), and the parameters
          below and of core.xsl (the journal's house style). Journal names, ISSNs and wording of the article come
          from the JATS; the journal's words from the house style; URLs from the parameters.
  Output: <page><head>...</head><main>...</main><issue volume number date/></page>, an XML document whose two
          parts the page template (templates/article.html.j2) places into the page's <head> and <main>; <issue>
          (when the article has a volume) is the issue its frame names ("Volume 29 · Issue 4 · July 2023").

  What only the web page has, in small modules, each opening with its job:
    html-meta.xsl     <head>: title, Highwire citation_* meta tags, schema.org JSON-LD
    html-front.xsl    the article header, abstracts, keywords, the key-points box
    html-body.xsl     nested sections, paragraphs split around blocks, back matter, footnote groups
    html-display.xsl  tables in scrolling regions, figures, MathML kept as MathML
    html-refs.xsl     the reference list's PubMed links and back-links to the citations
    html-post.xsl     a last pass over the HTML: unique ids, no link to an id not on the page
  Every string from the manuscript is written as text or as an attribute value, so the serializer
  escapes it; links are written only for http, https and mailto URLs (core-links.xsl).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:mml="http://www.w3.org/1998/Math/MathML"
    xmlns:ali="http://www.niso.org/schemas/ali/1.0/"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:f="urn:x-pipeline:writer"
    exclude-result-prefixes="#all">

  <xsl:import href="core.xsl"/>
  <xsl:include href="html-meta.xsl"/>
  <xsl:include href="html-front.xsl"/>
  <xsl:include href="html-body.xsl"/>
  <xsl:include href="html-display.xsl"/>
  <xsl:include href="html-refs.xsl"/>
  <xsl:include href="html-post.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>
  <xsl:strip-space elements="article front back journal-meta article-meta contrib-group contrib name
      title-group history date pub-date permissions license kwd-group abstract trans-abstract
      custom-meta-group custom-meta author-notes ref-list ref element-citation person-group table thead tbody
      tfoot tr colgroup table-wrap table-wrap-foot fig fig-group caption list list-item def-list def-item
      sec body fn-group floats-group alternatives funding-group award-group app-group app ack"/>

  <!-- ===== parameters (strings; empty = not known) ===== -->
  <!-- Absolute URL of the article's PDF (citation_pdf_url, JSON-LD). -->
  <xsl:param name="pdf-url" as="xs:string" select="''"/>
  <!-- The PDF as linked from the page (a file name next to the page, or a URL); default: pdf-url. -->
  <xsl:param name="pdf-href" as="xs:string" select="''"/>
  <!-- Absolute URL of this page (citation_fulltext_html_url, canonical link, JSON-LD). -->
  <xsl:param name="html-url" as="xs:string" select="''"/>
  <!-- The journal's website (JSON-LD Periodical url). -->
  <xsl:param name="journal-website" as="xs:string" select="''"/>
  <!-- The figure files' sizes in pixels, JSON {"f1a.png": [1500, 1100], ...} (html.py reads them from the figures
       folder): width and height of each image, and the shape of a figure's panels (html-display.xsl). -->
  <xsl:param name="figure-sizes" as="xs:string" select="'{}'"/>
  <!-- "true" when the article's DOI is a placeholder (not yet registered): shown as such, never linked. -->
  <xsl:param name="doi-placeholder" as="xs:string" select="'false'"/>

  <xsl:variable name="figure-size-map" as="map(*)" select="parse-json($figure-sizes)"/>
  <xsl:variable name="doi-is-placeholder" as="xs:boolean" select="$doi-placeholder = 'true'"/>
  <xsl:variable name="pdf-url-safe" select="f:safe-href($pdf-url)"/>
  <xsl:variable name="html-url-safe" select="f:safe-href($html-url)"/>
  <xsl:variable name="journal-website-safe" select="f:safe-href($journal-website)"/>
  <xsl:variable name="pdf-href-safe" select="if (matches($pdf-href, '^[A-Za-z0-9][A-Za-z0-9._-]*\.pdf$')) then $pdf-href
                                             else (f:safe-href($pdf-href), $pdf-url-safe)[1]"/>

  <!-- ===== what the web modules share about the article (and core.xsl: $meta, $doi, $authors ...) ===== -->
  <xsl:variable name="keywords" as="xs:string*"
                select="($meta/kwd-group[not(@kwd-group-type) or matches(@kwd-group-type, '^author', 'i')], $meta/kwd-group)[1]/kwd ! f:plain(.)"/>
  <xsl:variable name="corresp-id" select="string(($meta/author-notes/corresp/@id, 'corresp')[1])"/>

  <!-- Affiliations of the authors, in the order the author list first names them. -->
  <xsl:variable name="author-affs" as="element(aff)*">
    <xsl:variable name="named" as="element(aff)*">
      <xsl:for-each-group select="$authors ! f:affiliations-of(.)" group-by="generate-id()">
        <xsl:sequence select="current-group()[1]"/>
      </xsl:for-each-group>
    </xsl:variable>
    <xsl:sequence select="if (exists($named)) then $named
                          else $meta/(aff | contrib-group/aff)[not(@id = $meta//contrib[(@contrib-type, 'author')[1] != 'author']/xref/tokenize(@rid))]"/>
  </xsl:variable>

  <xsl:function name="f:affiliations-of" as="element(aff)*">
    <xsl:param name="contrib" as="element(contrib)"/>
    <xsl:sequence select="(for $r in $contrib/xref[@ref-type = 'aff']/tokenize(normalize-space(@rid), ' ')
                           return key('f:by-id', $r, root($contrib))[self::aff][1]) | $contrib/aff"/>
  </xsl:function>

  <xsl:function name="f:aff-number" as="xs:string">
    <xsl:param name="aff" as="element(aff)"/>
    <xsl:sequence select="(normalize-space($aff/label)[. != ''],
                           string(index-of($author-affs ! generate-id(.), generate-id($aff))[1]))[1]"/>
  </xsl:function>

  <!-- An affiliation as one line of text (meta tags, JSON-LD). -->
  <xsl:function name="f:aff-plain" as="xs:string">
    <xsl:param name="aff" as="element(aff)"/>
    <xsl:variable name="parts" select="$aff/(node() except (label, institution-wrap/institution-id, institution-id))"/>
    <xsl:sequence select="if ($aff/text()[normalize-space()]) then f:plain($parts)
                          else string-join($parts[self::*] ! f:plain(.), ', ')"/>
  </xsl:function>

  <xsl:function name="f:is-corresponding" as="xs:boolean">
    <xsl:param name="contrib" as="element(contrib)"/>
    <xsl:sequence select="$contrib/@corresp = 'yes' or exists($contrib/xref[@ref-type = 'corresp'])"/>
  </xsl:function>

  <!-- The abstract of the article (not the main points, a digest or a teaser). -->
  <xsl:function name="f:is-main-abstract" as="xs:boolean">
    <xsl:param name="abstract" as="element()"/>
    <xsl:sequence select="not($abstract/@abstract-type) or $abstract/@abstract-type = ('abstract', 'structured', 'summary')"/>
  </xsl:function>

  <xsl:function name="f:license-url" as="xs:string?">
    <xsl:param name="permissions" as="element()?"/>
    <xsl:sequence select="(($permissions/license/*:license_ref, $permissions/license/@xlink:href) ! normalize-space(.)[. != ''])[1]"/>
  </xsl:function>

  <!-- Each citation xref's place among the article's citations (the N of its id "cite-N"). -->
  <xsl:variable name="cite-numbers" as="map(xs:string, xs:integer)"
      select="let $xrefs := /article//xref[@ref-type = 'bibr'][not(ancestor::sub-article)]
              return map:merge(for $i in 1 to count($xrefs) return map{generate-id($xrefs[$i]): $i})"/>

  <!-- ===== the page ===== -->

  <xsl:template match="/">
    <xsl:if test="not(article)">
      <xsl:message terminate="yes">jats-to-html.xsl: the document is not a JATS article</xsl:message>
    </xsl:if>
    <xsl:apply-templates select="article" mode="page"/>
  </xsl:template>

  <xsl:template match="article" mode="page">
    <xsl:variable name="article-html">
      <article class="article" lang="{$language-code}">
        <xsl:apply-templates select="front/article-meta" mode="front"/>
        <xsl:apply-templates select="body"/>
        <xsl:apply-templates select="floats-group"/>
        <xsl:choose>
          <xsl:when test="back"><xsl:apply-templates select="back"/></xsl:when>
          <xsl:otherwise><xsl:call-template name="f:funding"/></xsl:otherwise>
        </xsl:choose>
      </article>
    </xsl:variable>
    <page>
      <head><xsl:apply-templates select="." mode="head"/></head>
      <main><xsl:apply-templates select="$article-html" mode="post"/></main>
      <xsl:if test="normalize-space($meta/volume[1])">
        <issue volume="{normalize-space($meta/volume[1])}" number="{normalize-space($meta/issue[1])}"
               date="{if ($collection-date) then f:date-in($collection-date, 'month')
                      else if ($f:issue-day) then f:format-partial-iso(substring($f:issue-day, 1, 7), 'month') else ''}"/>
      </xsl:if>
    </page>
  </xsl:template>

  <!-- Funding statements (front matter in JATS), shown with the back matter before the references. -->
  <xsl:template name="f:funding">
    <xsl:variable name="statements" select="$meta/funding-group/funding-statement"/>
    <xsl:if test="$statements">
      <section class="funding">
        <h2><xsl:value-of select="f:word('funding')"/></h2>
        <xsl:for-each select="$statements"><p><xsl:apply-templates/></p></xsl:for-each>
      </section>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
