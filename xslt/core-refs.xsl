<?xml version="1.0" encoding="UTF-8"?>
<!--
  core-refs.xsl: the reference list, printed: each reference is formatted once, in the journal's style, by
  pipeline/render/prepare.py (pipeline/refstyle.py, config/reference-styles/); here it is only marked up.
  Input:  back/ref-list; ref with element-citation (holding the prepared w:formatted: text, w:title, w:source,
          w:comment, w:link, w:doi) or mixed-citation (the author's own text, printed as written).
  Output: (default mode) <section class="references"> with its heading and an <ol class="ref-list"> of
          <li class="ref" id="<ref id>"><span class="ref-label">N.</span> <span class="ref-body"><span
          class="citation">...</span></span></li>: titles in <span class="ref-title">, the source in
          <i class="ref-source"> where the style sets it in italics, the DOI as a link. What a layer adds to a
          reference (the web page: a PubMed link and back-links to the citations) is its mode f:ref-extras.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:w="urn:x-pipeline:prepared"
    xmlns:f="urn:x-pipeline:writer"
    exclude-result-prefixes="#all">

  <xsl:template match="ref-list">
    <section class="references">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:call-template name="f:flags"/>
      <xsl:call-template name="f:heading">
        <xsl:with-param name="default" select="f:word('references')"/>
      </xsl:call-template>
      <xsl:apply-templates select="* except (label, title, ref)"/>
      <xsl:if test="ref">
        <ol class="ref-list">
          <xsl:apply-templates select="ref"/>
        </ol>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="ref">
    <li class="ref">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <span class="ref-label"><xsl:value-of select="(normalize-space(label)[. != ''] ! replace(., '\.$', ''), position())[1]"/>.</span>
      <xsl:text> </xsl:text>
      <xsl:variable name="body" as="node()*">
        <xsl:call-template name="f:flags"/>
        <xsl:for-each select="element-citation | mixed-citation | citation | nlm-citation">
          <xsl:if test="position() gt 1"><xsl:text> </xsl:text></xsl:if>
          <xsl:variable name="citation" as="node()*">
            <xsl:call-template name="f:flags"/>
            <xsl:choose>
              <xsl:when test="w:formatted"><xsl:apply-templates select="w:formatted/node()"/></xsl:when>
              <xsl:otherwise><xsl:apply-templates select="node()" mode="as-given"/></xsl:otherwise>
            </xsl:choose>
          </xsl:variable>
          <xsl:choose>
            <xsl:when test="$f:reference-spans"><span class="citation"><xsl:sequence select="$citation"/></span></xsl:when>
            <xsl:otherwise><xsl:sequence select="$citation"/></xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
        <xsl:apply-templates select="." mode="f:ref-extras"/>
      </xsl:variable>
      <xsl:choose>
        <xsl:when test="$f:reference-spans"><span class="ref-body"><xsl:sequence select="$body"/></span></xsl:when>
        <xsl:otherwise><xsl:sequence select="$body"/></xsl:otherwise>
      </xsl:choose>
    </li>
  </xsl:template>

  <!-- Whether a reference's body and each citation are wrapped in a span (ref-body, citation), for the layout of
       the web page's list (a label column beside the body). The print layer does without: inside nested inline
       boxes WeasyPrint breaks a line at other places (a DOI cut in two, not after "doi:"). -->
  <xsl:variable name="f:reference-spans" as="xs:boolean" select="true()"/>

  <xsl:template match="ref" mode="f:ref-extras"/>

  <!-- ===== a prepared reference ===== -->
  <xsl:template match="w:title"><span class="ref-title"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="w:source[@italic = 'true']"><i class="ref-source"><xsl:apply-templates/></i></xsl:template>
  <xsl:template match="w:source"><span class="ref-source"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="w:comment | w:link"><xsl:apply-templates/></xsl:template>
  <xsl:template match="w:doi">
    <xsl:variable name="url" select="f:doi-url(.)"/>
    <xsl:choose>
      <xsl:when test="$url"><a class="ref-doi" href="{$url}"><xsl:value-of select="."/></a></xsl:when>
      <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== mixed citations: inline formatting and links, every word as the JATS has it ===== -->
  <xsl:template match="node()" mode="as-given"><xsl:apply-templates select="."/></xsl:template>
  <xsl:template match="name | string-name" mode="as-given"><xsl:apply-templates mode="as-given"/></xsl:template>
  <xsl:template match="surname | given-names | prefix | suffix" mode="as-given"><xsl:apply-templates/></xsl:template>
  <xsl:template match="name[not(text()[normalize-space()])]" mode="as-given" priority="1">
    <!-- a <name> in a mixed citation has its parts without the space between them -->
    <xsl:for-each select="*">
      <xsl:if test="position() gt 1"><xsl:text> </xsl:text></xsl:if>
      <xsl:apply-templates/>
    </xsl:for-each>
  </xsl:template>
  <xsl:template match="person-group | article-title | chapter-title | source | year | volume | issue | fpage | lpage
                       | publisher-name | publisher-loc | edition | collab | etal | comment | data-title | part-title
                       | conf-name | conf-loc | conf-date | date-in-citation | series | trans-title | trans-source
                       | page-range | elocation-id | season | month | day | version | patent | institution | role
                       | size | std | gov | uri[not(@xlink:href)]" mode="as-given">
    <!-- parts the JATS puts side by side with no space between them (<source>X</source><volume>9</volume>) -->
    <xsl:if test="preceding-sibling::node()[1][self::*]"><xsl:text> </xsl:text></xsl:if>
    <xsl:apply-templates mode="as-given"/>
  </xsl:template>

</xsl:stylesheet>
