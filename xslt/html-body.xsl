<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-body.xsl: the web page's text: nested sections, paragraphs, the back matter other than the reference
  list, footnote groups, and the ids of citations.
  Input:  body, back and floats-group of a JATS article (and the sec/p inside abstracts).
  Output: (default mode) HTML flow content: <section id> with h2/h3/h4... by nesting depth, <p> (a JATS p
          holding a block is split around it: an HTML p cannot hold one), footnote lists by kind. Citation
          xrefs get an id ("cite-N", N counting them through the article) so that the reference list can link
          back to them. Lists, boxes, quotes and cross-references are the core's (core-blocks.xsl), tables,
          figures and formulas in html-display.xsl, the reference list's extras in html-refs.xsl.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:mml="http://www.w3.org/1998/Math/MathML"
    xmlns:f="urn:x-pipeline:writer"
    exclude-result-prefixes="#all">

  <!-- ===== sections ===== -->

  <xsl:template match="body">
    <div class="article-body">
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="sec | app">
    <section>
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:if test="@sec-type"><xsl:attribute name="class" select="'sec-' || replace(normalize-space(@sec-type), '[^A-Za-z0-9_-]+', '-')"/></xsl:if>
      <xsl:call-template name="f:heading"/>
      <xsl:apply-templates select="* except (label, title, sec-meta)"/>
    </section>
  </xsl:template>

  <xsl:template match="back">
    <div class="article-back">
      <xsl:apply-templates select="* except ref-list"/>
      <xsl:call-template name="f:funding"/>
      <xsl:apply-templates select="ref-list"/>
    </div>
  </xsl:template>

  <xsl:template match="back/ack | back/notes | back/glossary | back/app-group | back/bio | back/sec/ack">
    <section class="{local-name()}">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:call-template name="f:heading">
        <xsl:with-param name="level" select="f:heading-level(.)"/>
        <xsl:with-param name="default" select="map{'ack': f:word('acknowledgements'), 'glossary': 'Abbreviations',
                                                   'app-group': 'Appendices', 'notes': 'Notes', 'bio': ''}(local-name())"/>
      </xsl:call-template>
      <xsl:apply-templates select="* except (label, title)"/>
    </section>
  </xsl:template>

  <!-- Floating tables and figures kept apart from the text. -->
  <xsl:template match="floats-group">
    <section class="floats">
      <h2>Figures and tables</h2>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <!-- Parts of other articles (decision letters, author responses) are not part of this page. -->
  <xsl:template match="sub-article | response"/>

  <!-- ===== paragraphs ===== -->

  <xsl:template match="p">
    <xsl:choose>
      <xsl:when test="*[f:is-block(.)]">
        <xsl:for-each-group select="node()" group-adjacent="f:is-block(.)">
          <xsl:choose>
            <xsl:when test="current-grouping-key()"><xsl:apply-templates select="current-group()"/></xsl:when>
            <xsl:when test="normalize-space(string-join(current-group()!string(.), '')) or current-group()[self::*]">
              <p>
                <xsl:if test="position() = 1 and ../@id"><xsl:attribute name="id" select="../@id"/></xsl:if>
                <xsl:if test="position() gt 1"><xsl:attribute name="class" select="'continued'"/></xsl:if>
                <xsl:apply-templates select="current-group()"/>
              </p>
            </xsl:when>
          </xsl:choose>
        </xsl:for-each-group>
      </xsl:when>
      <xsl:otherwise>
        <p>
          <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
          <xsl:apply-templates/>
        </p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== footnotes ===== -->

  <!-- A footnote group: under its own title, or by kind (the house style's statement headings, "Footnotes"). -->
  <xsl:template match="fn-group">
    <xsl:choose>
      <xsl:when test="title">
        <section class="fn-group">
          <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
          <xsl:call-template name="f:heading"/>
          <xsl:call-template name="f:fn-list"><xsl:with-param name="fns" select="fn"/></xsl:call-template>
        </section>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="level" select="f:heading-level(.)"/>
        <xsl:for-each-group select="fn" group-by="f:fn-kind(.)">
          <section class="fn-group">
            <xsl:element name="h{$level}"><xsl:value-of select="current-grouping-key()"/></xsl:element>
            <xsl:call-template name="f:fn-list"><xsl:with-param name="fns" select="current-group()"/></xsl:call-template>
          </section>
        </xsl:for-each-group>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The heading of a footnote's kind: the journal's statement headings, else "Footnotes". -->
  <xsl:function name="f:fn-kind" as="xs:string">
    <xsl:param name="fn" as="element(fn)"/>
    <xsl:sequence select="(f:statement-heading(lower-case($fn/@fn-type)), f:word('footnotes'))[1]"/>
  </xsl:function>

  <xsl:template name="f:fn-list">
    <xsl:param name="fns" as="element(fn)*"/>
    <xsl:for-each select="$fns">
      <div class="fn">
        <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
        <xsl:if test="label"><sup class="fn-label"><xsl:apply-templates select="label/node()"/></sup><xsl:text> </xsl:text></xsl:if>
        <xsl:apply-templates select="* except label"/>
      </div>
    </xsl:for-each>
  </xsl:template>

  <!-- ===== cross-references ===== -->

  <!-- A citation's id, for the reference list's back-links. -->
  <xsl:template match="xref[@ref-type = 'bibr'][not(ancestor::sub-article)]" mode="f:xref-id">
    <xsl:attribute name="id" select="f:cite-id(.)"/>
  </xsl:template>

  <!-- The id of a citation xref: "cite-" and its place among the article's citations. -->
  <xsl:function name="f:cite-id" as="xs:string">
    <xsl:param name="xref" as="element(xref)"/>
    <xsl:sequence select="'cite-' || $cite-numbers(generate-id($xref))"/>
  </xsl:function>

</xsl:stylesheet>
