<?xml version="1.0" encoding="UTF-8"?>
<!--
  print-back.xsl: back matter in the printed page's order, and the author-queries page.
  Input:  article/back (ack, sections such as supplementary material, fn-group with the statements and
          footnotes, ref-list, app-group, notes), the funding statement of article-meta, and in proofs
          q:queries (urn:x-pipeline:print-queries), which pipeline/render/pdf.py adds to its private copy:
          <q:queries><q:query number="1" placed="yes|no">text</q:query>...</q:queries>.
  Output: HTML sections in small type at the end of the columns, in the journal's order: acknowledgements,
          statements (conflict of interest, funding ...: the house style's headings), footnotes, references (the
          core's list, core-refs.xsl); then the author-queries page: each query with its number, the page where
          its flag is, and room to answer.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:p="urn:x-pipeline:print-functions"
    xmlns:f="urn:x-pipeline:writer"
    xmlns:q="urn:x-pipeline:print-queries"
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

  <!-- ===== the author-queries page (proofs) ===== -->
  <xsl:template match="q:queries">
    <section class="author-queries no-line-numbers">
      <h2>Author queries</h2>
      <p class="queries-intro">Please answer each query below. Its flag (Q1, Q2 …) marks the place in the text it concerns.
        <xsl:if test="$doi != ''"> Article DOI: <xsl:value-of select="$doi"/>.</xsl:if></p>
      <table class="queries">
        <thead><tr><th scope="col">Query</th><th scope="col">Page</th><th scope="col">Question</th><th scope="col">Answer</th></tr></thead>
        <tbody>
          <xsl:for-each select="q:query">
            <tr id="q{@number}">
              <td class="q-number">Q<xsl:value-of select="@number"/></td>
              <td class="q-page">
                <xsl:choose>
                  <xsl:when test="@placed = 'yes'"><a class="q-page-ref" href="#qm{@number}"></a></xsl:when>
                  <xsl:otherwise>–</xsl:otherwise>
                </xsl:choose>
              </td>
              <td class="q-text"><xsl:value-of select="."/></td>
              <td class="q-answer"></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </section>
  </xsl:template>

</xsl:stylesheet>
