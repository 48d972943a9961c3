<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-display.xsl: the web page's tables, figures, supplementary material and formulas.
  Input:  table-wrap, table, fig, supplementary-material and mml:math from a JATS article.
  Output: (default mode) HTML: a table's caption above it, the table in a horizontally scrolling region
          labelled by the caption, its footnotes below; a <figure> with its graphics and a <figcaption>;
          formulas as MathML (core-math.xsl, mode "mathml"). Rows, cells, graphics, alt text and captions
          are the core's (core-display.xsl).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:mml="http://www.w3.org/1998/Math/MathML"
    xmlns:f="urn:x-pipeline:writer"
    exclude-result-prefixes="#all">

  <!-- ===== tables ===== -->

  <xsl:template match="table-wrap">
    <xsl:variable name="tables" select="table | alternatives/table"/>
    <!-- The region is labelled by the caption only when there is one (else aria-label): an aria-labelledby that
         names no element leaves the region without a name (axe-core rule aria-valid-attr-value). -->
    <xsl:variable name="caption-id" select="if (@id and (label or caption)) then @id || '-caption' else ()"/>
    <xsl:choose>
      <xsl:when test="$tables">
        <div class="table-wrap">
          <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
          <!-- The caption stands above the scrolling region, not inside the table: in the table it would be as
               wide as the table and run out of sight on a narrow screen. The table is labelled by it. -->
          <xsl:if test="label or caption">
            <div class="table-caption">
              <xsl:if test="$caption-id"><xsl:attribute name="id" select="$caption-id"/></xsl:if>
              <xsl:call-template name="f:caption"/>
            </div>
          </xsl:if>
          <xsl:for-each select="$tables">
            <div class="table-scroll" role="region" tabindex="0">
              <xsl:choose>
                <xsl:when test="$caption-id"><xsl:attribute name="aria-labelledby" select="$caption-id"/></xsl:when>
                <xsl:otherwise><xsl:attribute name="aria-label" select="(normalize-space(../label)[. != ''], 'Table')[1]"/></xsl:otherwise>
              </xsl:choose>
              <table>
                <xsl:if test="$caption-id"><xsl:attribute name="aria-labelledby" select="$caption-id"/></xsl:if>
                <xsl:apply-templates select="*" mode="table"/>
              </table>
            </div>
          </xsl:for-each>
          <xsl:apply-templates select="table-wrap-foot"/>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <!-- A table supplied only as an image. -->
        <figure class="table-wrap table-image">
          <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
          <figcaption><xsl:call-template name="f:caption"/></figcaption>
          <xsl:apply-templates select="(graphic | alternatives/graphic)[1]"/>
          <xsl:apply-templates select="table-wrap-foot"/>
        </figure>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A table outside a table-wrap. -->
  <xsl:template match="table">
    <div class="table-scroll" role="region" tabindex="0" aria-label="Table">
      <table><xsl:apply-templates select="*" mode="table"/></table>
    </div>
  </xsl:template>

  <xsl:template match="table-wrap-foot">
    <div class="table-foot">
      <xsl:apply-templates/>
    </div>
  </xsl:template>
  <xsl:template match="table-wrap-foot//fn-group" priority="2"><xsl:apply-templates/></xsl:template>
  <xsl:template match="table-wrap-foot//fn" priority="2">
    <div class="fn">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:if test="label"><sup class="fn-label"><xsl:apply-templates select="label/node()"/></sup><xsl:text> </xsl:text></xsl:if>
      <xsl:apply-templates select="* except label"/>
    </div>
  </xsl:template>

  <!-- ===== figures ===== -->

  <xsl:template match="fig">
    <figure class="fig">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:variable name="graphics" select="f:fig-graphics(.)"/>
      <xsl:if test="$graphics">
        <div class="fig-graphics{if (count($graphics) gt 1) then ' fig-parts' else ''}">
          <xsl:apply-templates select="$graphics"/>
        </div>
      </xsl:if>
      <xsl:apply-templates select="media | alternatives/media"/>
      <figcaption><xsl:call-template name="f:caption"/></figcaption>
    </figure>
  </xsl:template>

  <xsl:template match="supplementary-material">
    <div class="supplementary-material">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:call-template name="f:caption"/>
      <xsl:apply-templates select="graphic | media | alternatives"/>
      <xsl:apply-templates select="* except (label, caption, graphic, media, alternatives, permissions, attrib, object-id)"/>
    </div>
  </xsl:template>
  <!-- ===== formulas: MathML for the browser to draw ===== -->
  <xsl:template match="mml:math">
    <xsl:apply-templates select="." mode="mathml"/>
  </xsl:template>

</xsl:stylesheet>
