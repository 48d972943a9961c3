<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-front.xsl: the article's front matter as the top of the article page.
  Input:  front/article-meta (and journal-meta) of a JATS article, prepared (names, ORCID URIs); the
          journal's words (the history line, the cite-as line, headings) from the house style (core.xsl).
  Output: (mode "front") an HTML <header> with section heading and article type, title, authors
          with ORCID iD links, affiliations, corresponding author, history, Epub and publication
          dates, DOI, cite-as line, copyright and licence; then the abstracts, keywords and the
          key-points box (abstract[@abstract-type='key-points']).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:ali="http://www.niso.org/schemas/ali/1.0/"
    xmlns:f="urn:x-pipeline:writer"
    exclude-result-prefixes="#all">

  <xsl:template match="article-meta" mode="front">
    <header class="article-header">
      <xsl:call-template name="f:categories"/>
      <h1 class="article-title">
        <xsl:apply-templates select="title-group/article-title/node()"/>
      </h1>
      <xsl:for-each select="title-group/subtitle">
        <p class="article-subtitle"><xsl:apply-templates/></p>
      </xsl:for-each>
      <xsl:call-template name="f:authors"/>
      <xsl:call-template name="f:affiliation-list"/>
      <xsl:call-template name="f:correspondence"/>
      <xsl:call-template name="f:dates"/>
      <xsl:call-template name="f:identifiers"/>
      <xsl:call-template name="f:permissions"/>
    </header>
    <xsl:apply-templates select="abstract[f:is-main-abstract(.)], trans-abstract" mode="front"/>
    <xsl:call-template name="f:keywords"/>
    <xsl:apply-templates select="abstract[not(f:is-main-abstract(.))]" mode="front"/>
  </xsl:template>

  <!-- ===== categories ===== -->
  <xsl:template name="f:categories">
    <xsl:variable name="heading" select="article-categories/subj-group[@subj-group-type = 'heading'][1]/subject[1]"/>
    <xsl:variable name="type" select="article-categories/subj-group[@subj-group-type = ('article-type', 'display-channel')][1]/subject[1]"/>
    <xsl:if test="$heading or $type">
      <p class="article-categories">
        <xsl:if test="$heading">
          <span class="section-heading"><xsl:apply-templates select="$heading/node()"/></span>
        </xsl:if>
        <xsl:if test="$heading and $type"><xsl:text> </xsl:text><span class="sep" aria-hidden="true">|</span><xsl:text> </xsl:text></xsl:if>
        <xsl:if test="$type">
          <span class="article-type"><xsl:apply-templates select="$type/node()"/></span>
        </xsl:if>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- ===== authors ===== -->
  <xsl:template name="f:authors">
    <xsl:if test="$authors">
      <ul class="authors">
        <xsl:for-each select="$authors">
          <li class="author">
            <xsl:variable name="name" select="f:contrib-name(.)"/>
            <span class="author-name"><xsl:value-of select="$name"/></span>
            <xsl:variable name="marks" as="element()*">
              <xsl:if test="count($author-affs) gt 1">
                <xsl:for-each select="f:affiliations-of(.)">
                  <a href="#{@id}" class="aff-ref">
                    <span class="visually-hidden">Affiliation </span>
                    <xsl:value-of select="f:aff-number(.)"/>
                  </a>
                </xsl:for-each>
              </xsl:if>
              <xsl:if test="f:is-corresponding(.)">
                <a href="#{$corresp-id}" class="corresp-ref" title="Corresponding author">
                  <span aria-hidden="true">*</span><span class="visually-hidden">Corresponding author</span>
                </a>
              </xsl:if>
            </xsl:variable>
            <xsl:if test="exists($marks)">
              <sup class="author-marks">
                <xsl:for-each select="$marks">
                  <xsl:if test="position() gt 1"><xsl:text>,</xsl:text></xsl:if>
                  <xsl:sequence select="."/>
                </xsl:for-each>
              </sup>
            </xsl:if>
            <xsl:variable name="orcid" select="f:orcid-uri(.)"/>
            <xsl:if test="$orcid">
              <xsl:text> </xsl:text>
              <a class="orcid" href="{$orcid}" aria-label="ORCID iD of {$name}" title="ORCID iD of {$name}: {$orcid}">
                <span aria-hidden="true">iD</span>
              </a>
            </xsl:if>
          </li>
        </xsl:for-each>
      </ul>
    </xsl:if>
  </xsl:template>

  <xsl:template name="f:affiliation-list">
    <xsl:if test="$author-affs">
      <ol class="affiliations">
        <xsl:for-each select="$author-affs">
          <li id="{@id}">
            <xsl:if test="count($author-affs) gt 1">
              <sup class="aff-number"><xsl:value-of select="f:aff-number(.)"/></sup>
              <xsl:text> </xsl:text>
            </xsl:if>
            <xsl:call-template name="f:aff-content"/>
          </li>
        </xsl:for-each>
      </ol>
    </xsl:if>
  </xsl:template>

  <!-- An affiliation's parts: as written when the JATS has the punctuation between them, else joined with commas. -->
  <xsl:template name="f:aff-content">
    <xsl:variable name="parts" select="node() except (label, sup[1][not(preceding-sibling::node()[normalize-space()])])"/>
    <xsl:choose>
      <xsl:when test="text()[normalize-space()]">
        <xsl:apply-templates select="$parts"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:for-each select="$parts[self::*]">
          <xsl:if test="position() gt 1"><xsl:text>, </xsl:text></xsl:if>
          <xsl:apply-templates select="."/>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="institution-wrap"><xsl:apply-templates select="* except institution-id"/></xsl:template>
  <xsl:template match="institution-id"/>

  <!-- ===== correspondence ===== -->
  <xsl:template name="f:correspondence">
    <xsl:for-each select="author-notes/corresp">
      <p class="corresp">
        <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
        <xsl:apply-templates select="node() except label"/>
      </p>
    </xsl:for-each>
    <xsl:if test="not(author-notes/corresp)">
      <xsl:variable name="corr" select="$authors[f:is-corresponding(.)][email]"/>
      <xsl:if test="$corr">
        <p class="corresp" id="{$corresp-id}">
          <xsl:value-of select="if (count($corr) gt 1) then 'Corresponding authors: ' else 'Corresponding author: '"/>
          <xsl:for-each select="$corr">
            <xsl:if test="position() gt 1"><xsl:text>; </xsl:text></xsl:if>
            <xsl:value-of select="f:contrib-name(.)"/>
            <xsl:for-each select="email">
              <xsl:text>, </xsl:text>
              <xsl:apply-templates select="."/>
            </xsl:for-each>
          </xsl:for-each>
        </p>
      </xsl:if>
    </xsl:if>
    <xsl:for-each select="author-notes/fn">
      <div class="author-note">
        <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
        <xsl:apply-templates select="* except label"/>
      </div>
    </xsl:for-each>
  </xsl:template>

  <!-- ===== dates ===== -->
  <!-- Which dates: the writer core's rule, the PDF's too (core-dates.xsl); in the web page's formats. -->
  <xsl:template name="f:dates">
    <xsl:variable name="history" select="f:history-line(history)"/>
    <xsl:if test="$history">
      <p class="history"><xsl:value-of select="$history"/></p>
    </xsl:if>
    <xsl:variable name="epub" select="f:iso-day($f:shown-epub-date)"/>
    <xsl:if test="$epub or $f:publication-day">
      <p class="pub-dates">
        <xsl:if test="$epub">
          <span class="epub-date"><xsl:value-of select="f:word('epub')"/><xsl:text> </xsl:text><time datetime="{$epub}"><xsl:value-of select="f:format-iso($epub, 'publication')"/></time></span>
        </xsl:if>
        <xsl:if test="$epub and $f:publication-day"><xsl:text> </xsl:text></xsl:if>
        <xsl:if test="$f:publication-day">
          <span class="publication-date"><xsl:value-of select="f:word('publication_date')"/><xsl:text> </xsl:text><time datetime="{$f:publication-day}"><xsl:value-of select="f:format-partial-iso($f:publication-day, 'publication')"/></time></span>
        </xsl:if>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- ===== DOI, cite-as line, PDF ===== -->
  <xsl:template name="f:identifiers">
    <xsl:if test="$doi">
      <p class="doi">
        <xsl:value-of select="f:word('doi')"/><xsl:text> </xsl:text>
        <xsl:choose>
          <!-- A placeholder DOI is not registered: a link to doi.org would lead nowhere. -->
          <xsl:when test="$doi-is-placeholder">
            <span class="doi-placeholder"><xsl:value-of select="$doi"/></span>
            <xsl:text> </xsl:text><span class="placeholder-note">(placeholder, not yet registered)</span>
          </xsl:when>
          <xsl:otherwise><a href="{f:doi-url($doi)}"><xsl:value-of select="f:doi-url($doi)"/></a></xsl:otherwise>
        </xsl:choose>
      </p>
    </xsl:if>
    <xsl:variable name="cite" select="custom-meta-group/custom-meta[normalize-space(meta-name) = 'citation'][1]/meta-value"/>
    <xsl:if test="normalize-space($cite)">
      <p class="cite-as"><span class="cite-as-lead"><xsl:value-of select="f:word('cite_as')"/></span><xsl:text> </xsl:text><xsl:apply-templates select="$cite/node()"/></p>
    </xsl:if>
    <xsl:if test="$pdf-href-safe">
      <p class="pdf-link"><a href="{$pdf-href-safe}" type="application/pdf">Download PDF</a></p>
    </xsl:if>
  </xsl:template>

  <!-- ===== copyright and licence ===== -->
  <xsl:template name="f:permissions">
    <xsl:variable name="p" select="permissions"/>
    <xsl:if test="$p">
      <div class="permissions">
        <xsl:choose>
          <xsl:when test="$p/copyright-statement">
            <p class="copyright"><xsl:apply-templates select="$p/copyright-statement/node()"/></p>
          </xsl:when>
          <xsl:when test="$p/copyright-year or $p/copyright-holder">
            <p class="copyright"><xsl:value-of select="string-join(('©', normalize-space($p/copyright-year), normalize-space($p/copyright-holder))[. != ''], ' ')"/></p>
          </xsl:when>
        </xsl:choose>
        <xsl:variable name="url" select="f:safe-href(f:license-url($p))"/>
        <xsl:for-each select="$p/license">
          <xsl:choose>
            <xsl:when test="license-p">
              <xsl:for-each select="license-p">
                <p class="license">
                  <xsl:choose>
                    <xsl:when test="$url and not(.//ext-link | .//uri)">
                      <a rel="license" href="{$url}"><xsl:apply-templates/></a>
                    </xsl:when>
                    <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
                  </xsl:choose>
                </p>
              </xsl:for-each>
            </xsl:when>
            <xsl:when test="$url">
              <p class="license"><a rel="license" href="{$url}"><xsl:value-of select="$url"/></a></p>
            </xsl:when>
          </xsl:choose>
        </xsl:for-each>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- ===== abstracts and keywords ===== -->
  <xsl:template match="abstract | trans-abstract" mode="front">
    <xsl:variable name="key-points" select="@abstract-type = 'key-points'"/>
    <xsl:variable name="heading-id" select="if ($key-points) then 'main-points-title'
                                            else 'abstract-title' || (if (position() gt 1) then '-' || position() else '')"/>
    <xsl:variable name="title" as="item()*">
      <xsl:choose>
        <xsl:when test="$key-points"><xsl:sequence select="f:key-points-title(.)"/></xsl:when>
        <xsl:when test="title"><xsl:apply-templates select="title/node()"/></xsl:when>
        <xsl:when test="@abstract-type"><xsl:value-of select="f:words(@abstract-type)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="f:word('abstract')"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:element name="{if ($key-points) then 'aside' else 'section'}">
      <xsl:attribute name="class" select="if ($key-points) then 'main-points' else 'abstract'"/>
      <xsl:attribute name="aria-labelledby" select="$heading-id"/>
      <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
      <h2 id="{$heading-id}"><xsl:sequence select="$title"/></h2>
      <xsl:apply-templates select="* except (title, label)"/>
    </xsl:element>
  </xsl:template>

  <xsl:template name="f:keywords">
    <xsl:for-each select="kwd-group[kwd]">
      <p class="keywords">
        <b class="keywords-title">
          <xsl:choose>
            <xsl:when test="title"><xsl:apply-templates select="title/node()"/></xsl:when>
            <xsl:when test="not(@kwd-group-type) or matches(@kwd-group-type, '^author', 'i') or position() = 1"><xsl:value-of select="f:word('keywords')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="f:words(@kwd-group-type)"/></xsl:otherwise>
          </xsl:choose>
          <xsl:if test="not(matches(normalize-space(title), ':$'))">:</xsl:if>
        </b>
        <xsl:text> </xsl:text>
        <xsl:for-each select="kwd">
          <xsl:if test="position() gt 1"><xsl:text>, </xsl:text></xsl:if>
          <span class="kwd"><xsl:apply-templates/></span>
        </xsl:for-each>
      </p>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
