<?xml version="1.0" encoding="UTF-8"?>
<!--
  print-back.xsl: back matter in the printed page's order.
  Input:  article/back (ack, sections such as supplementary material, fn-group with the statements and
          footnotes, ref-list, app-group, notes), and the funding statement of article-meta.
  Output: HTML sections in small type at the end of the columns, in the journal's order: acknowledgements,
          statements (conflict of interest, funding ...: the house style's headings), footnotes, references (the
          core's list, core-refs.xsl). (A proof's author-queries pages are a document of their own:
          templates/proof-cover.html.j2.)
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:p="urn:x-pipeline:print-functions"
    xmlns:f="urn:x-pipeline:writer"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all">

  <xsl:template match="back">
    <div class="back">
      <xsl:call-template name="f:flags"/>
      <xsl:apply-templates select="ack"/>
      <xsl:apply-templates select="sec | app-group | app | glossary | notes"/>
      <xsl:apply-templates select="fn-group/fn[exists(f:statement-heading(@fn-type))]"/>
      <xsl:for-each select="$meta/funding-group/funding-statement[normalize-space()]">
        <section class="statement">
          <h2><xsl:value-of select="f:word('funding')"/></h2>
          <p><xsl:apply-templates/></p>
        </section>
      </xsl:for-each>
      <xsl:variable name="footnotes" select="fn-group/fn[empty(f:statement-heading(@fn-type))]"/>
      <xsl:if test="$footnotes">
        <section class="footnotes">
          <h2><xsl:value-of select="(f:text((fn-group/title)[1])[. != ''], f:word('footnotes'))[1]"/></h2>
          <xsl:apply-templates select="$footnotes"/>
        </section>
      </xsl:if>
      <xsl:apply-templates select="ref-list"/>
    </div>
  </xsl:template>

  <xsl:template match="ack">
    <section class="ack">
      <xsl:call-template name="f:flags"/>
      <h2><xsl:value-of select="(f:text(title)[. != ''], f:word('acknowledgements'))[1]"/></h2>
      <xsl:apply-templates select="node() except (title, label, processing-instruction())"/>
    </section>
  </xsl:template>

  <xsl:template match="back/notes | back/app-group | back/app | back/glossary">
    <section class="{local-name()}">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:call-template name="f:flags"/>
      <xsl:for-each select="title[normalize-space()]"><h2><xsl:apply-templates/></h2></xsl:for-each>
      <xsl:apply-templates select="node() except (title, label, processing-instruction())"/>
    </section>
  </xsl:template>

  <xsl:template match="fn-group/fn">
    <xsl:variable name="heading" select="f:statement-heading(@fn-type)"/>
    <xsl:choose>
      <xsl:when test="exists($heading)">
        <section class="statement">
          <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
          <h2><xsl:value-of select="(f:text(title)[. != ''], $heading)[1]"/></h2>
          <xsl:call-template name="f:flags"/>
          <xsl:apply-templates select="node() except (title, label, processing-instruction())"/>
        </section>
      </xsl:when>
      <xsl:otherwise>
        <div class="footnote">
          <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
          <xsl:call-template name="f:flags"/>
          <xsl:if test="label"><sup class="fn-label"><xsl:apply-templates select="label/node()"/></sup><xsl:text> </xsl:text></xsl:if>
          <xsl:apply-templates select="node() except (label, processing-instruction())"/>
        </div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The references: the core's list (core-refs.xsl), its heading as the back matter's. -->

</xsl:stylesheet>
